import { isUtf8 } from "node:buffer";

/**
 * Strict UTF-8 for input files: a byte that does not decode is an error that names its line
 * and byte offset, never a silent replacement character that would reach the server.
 */
export interface Utf8Position {
  /** 1-based line of the file holding the bad byte. */
  line: number;
  /** 0-based offset of the bad byte from the start of the file. */
  offset: number;
}

export interface Utf8Checker {
  /** Returns the text of the chunk's complete characters, or the position of a bad byte. */
  push(chunk: Buffer): string | Utf8Position;
  /** Ends the input; a sequence cut off at the end of the file is an error too. */
  end(): string | Utf8Position;
}

const cr = 0x0d;
const lf = 0x0a;

export function createUtf8Checker(): Utf8Checker {
  let carry = Buffer.alloc(0);
  let offset = 0;
  let line = 1;
  // The last byte checked, so that a CRLF split between two chunks ends one line, not two.
  let previous = 0;

  const check = (bytes: Buffer): string | Utf8Position => {
    if (!isUtf8(bytes)) {
      const bad = firstInvalidByte(bytes);
      return {
        line: line + countLineBreaks(bytes.subarray(0, bad), previous),
        offset: offset + bad,
      };
    }
    offset += bytes.length;
    line += countLineBreaks(bytes, previous);
    previous = bytes.at(-1) ?? previous;
    return bytes.toString("utf8");
  };

  return {
    push(chunk) {
      const bytes = carry.length === 0 ? chunk : Buffer.concat([carry, chunk]);
      const cut = completeLength(bytes);
      carry = Buffer.from(bytes.subarray(cut));
      return check(bytes.subarray(0, cut));
    },

    end() {
      const rest = carry;
      carry = Buffer.alloc(0);
      return check(rest);
    },
  };
}

/** The length of the longest prefix that does not end inside a multi-byte sequence. */
function completeLength(bytes: Buffer): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back] ?? 0;
    if (byte < 0x80) return bytes.length;
    if (byte >= 0xc0) {
      const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
      return needed > back ? bytes.length - back : bytes.length;
    }
  }
  return bytes.length;
}

/**
 * Where the first bad byte is, looked for only after `isUtf8` said there is one. Node's own
 * decoder replaces it with U+FFFD; every character before it decoded as written, so their
 * byte lengths add up to its offset. A U+FFFD that the file itself holds is skipped.
 */
function firstInvalidByte(bytes: Buffer): number {
  let offset = 0;

  for (const character of bytes.toString("utf8")) {
    const written =
      character === "\uFFFD" &&
      bytes[offset] === 0xef &&
      bytes[offset + 1] === 0xbf &&
      bytes[offset + 2] === 0xbd;
    if (character === "\uFFFD" && !written) return offset;
    offset += Buffer.byteLength(character);
  }

  return bytes.length;
}

/**
 * Line breaks as the reader counts them (CRLF, LF or a lone CR each end a line), so that the
 * line named for a bad byte is the line a person finds in the file.
 */
function countLineBreaks(bytes: Buffer, before: number): number {
  let count = 0;
  for (let index = bytes.indexOf(cr); index !== -1; index = bytes.indexOf(cr, index + 1)) count++;

  for (let index = bytes.indexOf(lf); index !== -1; index = bytes.indexOf(lf, index + 1)) {
    const previous = index === 0 ? before : bytes[index - 1];
    if (previous !== cr) count++;
  }

  return count;
}

import { createReadStream } from "node:fs";
import iconv from "iconv-lite";
import { FatalError, inputError, usageError } from "../errors.js";
import { describeFileKind, detectFileKind } from "./file-kind.js";
import { createUtf8Checker, type Utf8Position } from "./utf8.js";

/**
 * Reads a file as text. UTF-8 is the default and is strict: a byte that does not decode stops
 * the run before anything is sent. Other encodings (`windows-1252`, `latin1`, `utf-16`...)
 * decode through iconv-lite. A byte order mark decides by itself, whatever `--encoding` says,
 * since it cannot be mistaken, and it is never part of the text. A file whose first bytes say
 * it is a workbook, a PDF, an archive or binary is refused before any of it is decoded.
 */
export async function* readText(path: string, encoding = "utf-8"): AsyncGenerator<string> {
  checkEncoding(encoding);
  let decode: ((chunk: Buffer) => string) | undefined;
  let finish: () => string = () => "";

  try {
    for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
      if (decode === undefined) {
        const chosenEncoding = encodingFromBom(chunk) ?? encoding;
        const kind = detectFileKind(chunk, isMultiByteName(chosenEncoding));
        if (kind !== undefined) throw inputError(describeFileKind(path, kind));

        const chosen = chooseDecoder(path, chosenEncoding);
        decode = chosen.decode;
        finish = chosen.finish;
      }
      yield decode(chunk);
    }
  } catch (error) {
    throw describeReadError(path, error);
  }

  yield finish();
}

export function checkEncoding(encoding: string): void {
  if (!iconv.encodingExists(encoding)) {
    throw usageError(
      `--encoding "${encoding}" is not an encoding this tool knows. Try utf-8, windows-1252, latin1 or utf-16.`,
    );
  }
}

function encodingFromBom(chunk: Buffer): string | undefined {
  if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) return "utf-8";
  if (chunk[0] === 0xff && chunk[1] === 0xfe) return "utf-16le";
  if (chunk[0] === 0xfe && chunk[1] === 0xff) return "utf-16be";
  return undefined;
}

function chooseDecoder(path: string, encoding: string) {
  if (!isUtf8Name(encoding)) {
    const decoder = iconv.getDecoder(encoding, { stripBOM: true });
    return { decode: (chunk: Buffer) => decoder.write(chunk), finish: () => decoder.end() ?? "" };
  }

  const checker = createUtf8Checker();
  let first = true;
  const text = (result: string | Utf8Position): string => {
    if (typeof result !== "string") throw notUtf8(path, result);
    const stripped = first && result.startsWith("\uFEFF") ? result.slice(1) : result;
    first = first && result === "";
    return stripped;
  };

  return {
    decode: (chunk: Buffer) => text(checker.push(chunk)),
    finish: () => text(checker.end()),
  };
}

function isUtf8Name(encoding: string): boolean {
  return /^utf-?8$/i.test(encoding);
}

/** Encodings in which NUL bytes are part of ordinary text. */
function isMultiByteName(encoding: string): boolean {
  return /^(utf-?16|utf-?32|ucs-?2|ucs-?4)/i.test(encoding);
}

function notUtf8(path: string, position: Utf8Position): Error {
  return inputError(
    `${path}, line ${position.line} (byte ${position.offset}): the file is not valid UTF-8. Nothing was sent. If it came from Excel or another Windows program, try --encoding windows-1252; or save it as "CSV UTF-8".`,
  );
}

function describeReadError(path: string, error: unknown): Error {
  if (error instanceof FatalError) return error;
  if (!(error instanceof Error) || !("code" in error) || typeof error.code !== "string") {
    return error instanceof Error ? error : new Error(String(error));
  }

  const reasons: Record<string, string> = {
    ENOENT: "does not exist",
    EACCES: "cannot be read (permission denied)",
    EISDIR: "is a folder, not a file",
  };
  const reason = reasons[error.code] ?? `cannot be read (${error.code})`;
  return inputError(`${path} ${reason}.`, error);
}

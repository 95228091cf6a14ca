/**
 * Bounds the memory a single line can take before it reaches the CSV parser. A participant row
 * is a few hundred characters (the contract's longest field is 255), so a line past
 * `maxLineLength` is no participant: it is dropped as it streams past and replaced by a marker
 * line, which the reader reports as that row being too large, and the rest of the file is read
 * on. Lines are cut only outside quotes: inside a quoted field, a line break does not end the
 * record, and the parser's own record limit (`maxRecordBytes`) stops the file instead.
 *
 * Whether a line starts inside quotes is told by the parity of the double quotes before it: in
 * a CSV the parser accepts, quotes only open and close fields or come doubled inside them.
 */
export const maxLineLength = 65_536;

/**
 * The parser's limit on one record, in bytes. Four times the line limit, so that a record on a
 * single line always meets the line limit first, whatever its characters' UTF-8 length.
 */
export const maxRecordBytes = 4 * maxLineLength;

/** Stands for a line that was too long; no delimiter or quote anyone uses is in it. */
export const lineTooLongMarker = "\uFDD0\uFDD1\uFDD0";

/** Stands for a line that was too long and left a quoted field open at its end. */
export const openQuoteMarker = "\uFDD0\uFDD2\uFDD0";

export interface LineLimiter {
  /** Takes the next piece of text; returns what may go on to the parser now. */
  push(text: string): string;
  /** Ends the text; returns the rest. */
  end(): string;
}

export function createLineLimiter(limit = maxLineLength): LineLimiter {
  let held = "";
  let inQuotes = false;
  let skipping = false;
  let skippedQuotes = 0;

  const emit = (text: string): string => {
    if (countQuotes(text) % 2 === 1) inQuotes = !inQuotes;
    return text;
  };

  const marker = (): string => {
    skipping = false;
    return skippedQuotes % 2 === 0 ? lineTooLongMarker : openQuoteMarker;
  };

  const skip = (line: string): void => {
    skipping = true;
    skippedQuotes = countQuotes(line);
  };

  // Pieces no longer than `limit`: a line wholly inside one piece is then never too long, so
  // only the line that runs on from `held` needs measuring.
  const pushPiece = (piece: string): string => {
    let text = piece;
    let out = "";

    if (skipping) {
      const end = firstBreak(text);
      if (end === -1) {
        skippedQuotes += countQuotes(text);
        return "";
      }
      skippedQuotes += countQuotes(text.slice(0, end));
      out = marker();
      text = text.slice(end);
    }

    const combined = held + text;
    const first = firstBreak(combined);
    if (first === -1) {
      held = combined;
      if (held.length <= limit) return out;
      if (inQuotes) {
        held = "";
        return out + emit(combined);
      }
      held = "";
      skip(combined);
      return out;
    }

    let rest = combined;
    if (first > limit && !inQuotes) {
      skip(combined.slice(0, first));
      out += marker();
      rest = combined.slice(first);
    }

    const last = lastBreak(rest);
    held = rest.slice(last + 1);
    return out + emit(rest.slice(0, last + 1));
  };

  return {
    push(text) {
      if (text.length <= limit) return pushPiece(text);

      let out = "";
      for (let start = 0; start < text.length; start += limit) {
        out += pushPiece(text.slice(start, start + limit));
      }
      return out;
    },

    end() {
      if (skipping) return marker();
      const rest = held;
      held = "";
      return emit(rest);
    },
  };
}

function countQuotes(text: string): number {
  let count = 0;
  for (let at = text.indexOf('"'); at !== -1; at = text.indexOf('"', at + 1)) count++;
  return count;
}

const lineBreak = /[\r\n]/;

function firstBreak(text: string): number {
  return text.search(lineBreak);
}

function lastBreak(text: string): number {
  return Math.max(text.lastIndexOf("\n"), text.lastIndexOf("\r"));
}

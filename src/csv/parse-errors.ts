import { CsvError } from "csv-parse";
import { inputError } from "../errors.js";
import { maxLineLength, maxRecordBytes } from "./line-limit.js";

/** Where the parser was when it stopped, as `parseRecords` counts it. */
export interface ParsePlace {
  /** Records read so far. */
  row: number;
  /** The line where the next record starts. */
  line: number;
  /** CRLFs inside quoted fields so far: csv-parse counts each as two lines in its errors. */
  crlfInFields: number;
  /** Whether the parser stopped inside a quoted field. */
  quoting: boolean;
}

/**
 * A parse error names the line to look at. The parser finds an unclosed quote only at the end
 * of the file; the quote was opened by the record after the last complete one, which starts
 * at `place.line`. Other errors carry the parser's own line, less its CRLF overcount.
 */
export function parseError(
  path: string,
  error: Error,
  place: ParsePlace,
  skippedLines: number,
): Error {
  if (!(error instanceof CsvError)) return error;
  if (error.code === "CSV_MAX_RECORD_SIZE") return recordSizeError(path, error, place);

  const parserLines = (error as CsvError & { lines: number }).lines;
  const where =
    error.code === "CSV_QUOTE_NOT_CLOSED"
      ? `row ${place.row + 1} (line ${place.line})`
      : `line ${parserLines - place.crlfInFields + skippedLines}`;
  return inputError(
    `${path}, ${where}: ${describeCsvError(error)}. Nothing was sent; fix the file and run again.`,
    error,
  );
}

function describeCsvError(error: CsvError): string {
  switch (error.code) {
    case "CSV_QUOTE_NOT_CLOSED":
      return "a quoted field is never closed (a stray double quote?)";
    case "CSV_INVALID_CLOSING_QUOTE":
      return 'a closing double quote is followed by text; inside a quoted field write "" for a quote';
    default:
      return `the CSV cannot be read (${error.code})`;
  }
}

/**
 * The record that passed the parser's limit starts on the line after the last complete record.
 * Within quotes, that is where a quote was opened and never closed; otherwise the record holds
 * quoted line breaks enough to pass the limit.
 */
function recordSizeError(path: string, error: CsvError, place: ParsePlace): Error {
  const where = `${path}, row ${place.row + 1} (line ${place.line})`;
  const quoting = place.quoting;
  const size = `${maxRecordBytes / 1024} KiB`;

  return inputError(
    quoting
      ? `${where}: a double quote opens a field that is still not closed ${size} later, so the rest of the file would be read as one value. Nothing was sent. Look for a stray " on that line: remove it, close the field, or write "" for a quote inside a quoted field.`
      : `${where}: the row runs over ${size} through quoted line breaks; a participant row is a few hundred characters. Nothing was sent. Check the quotes on that line, or that this is the participant file.`,
    error,
  );
}

export function openQuoteError(path: string, record: { row: number; line: number }): Error {
  return inputError(
    `${path}, row ${record.row} (line ${record.line}): the line is longer than ${maxLineLength.toLocaleString("en-US")} characters and leaves a quoted field open at its end. Nothing was sent. Look for a stray " on that line, and check that this is the participant file.`,
  );
}

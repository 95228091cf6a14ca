import { CsvError } from "csv-parse";
import { inputError } from "../errors.js";
import { showHiddenCharacters } from "../hidden-characters.js";
import { recognisedField } from "./columns.js";
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
  /** The header's fields, once read: a recognised one names the column of a quote problem. */
  header?: string[];
}

type QuoteProblem = "strayQuote" | "spaceBeforeQuote" | "textAfterQuote" | "unclosedQuote";

/** What is wrong, then the fix, for each of csv-parse's quote errors. */
const quoteProblems: Record<QuoteProblem, { problem: string; fix: string }> = {
  strayQuote: {
    problem:
      "a double quote stands inside a value that is not itself in double quotes, which CSV does not allow",
    fix: 'Put the whole value in double quotes and double each quote inside it, e.g. "Dwayne ""The Rock""", or remove the quotes',
  },
  spaceBeforeQuote: {
    problem:
      "a space comes before the double quote that opens the value, so the value is not read as quoted and the quote is stray",
    fix: "Remove the space between the delimiter and the opening quote",
  },
  textAfterQuote: {
    problem:
      "the value starts with a double quote, so it is read as a quoted value, but more text follows the quote that closes it",
    fix: 'Put the whole value in double quotes and double each quote inside it, e.g. """The Rock"" Johnson", or remove the quotes',
  },
  unclosedQuote: {
    problem:
      "a double quote opens a value that is never closed, so the rest of the file would be read as that one value",
    fix: 'Close the value with a double quote or remove the stray one (inside a quoted value, write "" for a quote)',
  },
};

/**
 * A parse error names the row, line and column to look at, and never the value: it is a
 * participant's data. The parser finds an unclosed quote only at the end of the file; the quote
 * was opened by the record after the last complete one, which starts at `place.line`. Other
 * errors carry the parser's own line, less its CRLF overcount.
 *
 * A quote problem refuses the whole file rather than one row: where a stray quote's row ends
 * cannot be known (a quote after a space may open a value that runs over several lines), and
 * reading on would guess.
 */
export function parseError(
  path: string,
  error: Error,
  place: ParsePlace,
  skippedLines: number,
): Error {
  if (!(error instanceof CsvError)) return error;
  if (error.code === "CSV_MAX_RECORD_SIZE") return recordSizeError(path, error, place);

  const line =
    error.code === "CSV_QUOTE_NOT_CLOSED"
      ? place.line
      : numberOf(error.lines) - place.crlfInFields + skippedLines;
  const kind = quoteProblemOf(error);
  if (kind === undefined) {
    return inputError(
      `${path}, line ${line}: the file cannot be read as CSV (csv-parse stopped with ${error.code}). Nothing was sent. Check that this is the participant file, saved as CSV.`,
      error,
    );
  }

  const { problem, fix } = quoteProblems[kind];
  const where = `${path}, row ${place.row + 1} (line ${line})${nameColumn(error, place.header)}`;
  return inputError(`${where}: ${problem}. Nothing was sent. ${fix}; then run again.`, error);
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

/**
 * csv-parse reports a quote after leading spaces as an opening quote inside a value; its `field`
 * holds the text before the quote, which is looked at here but never shown.
 */
function quoteProblemOf(error: CsvError): QuoteProblem | undefined {
  switch (error.code) {
    case "INVALID_OPENING_QUOTE": {
      const before = error.field;
      const spaces = typeof before === "string" && before !== "" && before.trim() === "";
      return spaces ? "spaceBeforeQuote" : "strayQuote";
    }
    case "CSV_INVALID_CLOSING_QUOTE":
    case "CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE":
      return "textAfterQuote";
    case "CSV_QUOTE_NOT_CLOSED":
      return "unclosedQuote";
    default:
      return undefined;
  }
}

/**
 * The column as a spreadsheet counts it, with its header when that is one the tool recognises.
 * Another header is not shown: in a file without a header row, the first row is a participant.
 */
function nameColumn(error: CsvError, header: string[] | undefined): string {
  if (typeof error.column !== "number") return "";

  const number = error.column + 1;
  if (header === undefined) return `, column ${number} of the header`;

  const name = header[error.column]?.trim();
  return name === undefined || recognisedField(name) === undefined
    ? `, column ${number}`
    : `, column ${number} ("${showHiddenCharacters(name)}")`;
}

function numberOf(value: unknown): number {
  return typeof value === "number" ? value : 0;
}

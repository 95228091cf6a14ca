import { finished } from "node:stream/promises";
import { CsvError, parse } from "csv-parse";
import { inputError } from "../errors.js";
import { readText } from "./decode.js";
import { sniffLayout } from "./sniff.js";

export interface ParseOptions {
  /** Forces the delimiter; by default it is detected among `,` `;` tab and `|`. */
  delimiter?: string;
  /** The file's encoding; by default strict UTF-8 (a byte order mark decides by itself). */
  encoding?: string;
}

/** One CSV record, untrimmed, with where a person finds it. */
export interface RawRecord {
  fields: string[];
  /** The row a spreadsheet shows: the first record is row 1, and a blank line is a row. */
  row: number;
  /** The line of the file where the record starts (a quoted field may span lines). */
  line: number;
}

/**
 * Reads a CSV file as batches of records: one batch per chunk of text, so that the cost of
 * passing records on is paid per chunk, not per record, and memory holds one chunk's records.
 *
 * csv-parse is fed synchronously and hands its records over in the same call. Rows and lines
 * are counted here rather than asked of the parser per record: blank lines come through as
 * records of one empty field, so every line break is either between records or inside one.
 */
export async function* parseRecords(
  path: string,
  options: ParseOptions = {},
): AsyncGenerator<RawRecord[]> {
  const chunks = readText(path, options.encoding)[Symbol.asyncIterator]();
  const layout = sniffLayout(await readHead(chunks), options.delimiter);

  const parser = parse({
    bom: true,
    delimiter: layout.delimiter,
    record_delimiter: ["\r\n", "\n", "\r"],
    relax_column_count: true,
  });
  let pending: string[][] = [];
  parser.on("data", (fields: string[]) => pending.push(fields));
  parser.on("error", () => {}); // Read from `parser.errored` below, with the line it concerns.

  const place: Place = { row: 0, line: 1 + layout.skippedLines, crlfInFields: 0 };
  // The records the parser gave before any error are placed first, so that an error's line
  // counts them.
  const take = (): RawRecord[] => {
    const batch = pending.map((fields) => locate(fields, place));
    pending = [];
    if (parser.errored !== null) throw parseError(path, parser.errored, place, layout.skippedLines);
    return batch;
  };
  const feed = (text: string): RawRecord[] => {
    parser.write(text);
    return take();
  };

  try {
    if (layout.text !== "") yield feed(layout.text);

    for (let next = await chunks.next(); next.done !== true; next = await chunks.next()) {
      if (next.value !== "") yield feed(next.value);
    }

    parser.end();
    await finished(parser).catch(() => {});
    yield take();
  } finally {
    await chunks.return?.(undefined);
    parser.destroy();
  }
}

/** Enough of the start of the file to see a `sep=` line and the header after it. */
async function readHead(chunks: AsyncIterator<string>): Promise<string> {
  let head = "";

  while ((head.match(/\r\n|\n|\r/g)?.length ?? 0) < 2 && head.length < 65_536) {
    const next = await chunks.next();
    if (next.done === true) break;
    head += next.value;
  }

  return head;
}

interface Place {
  /** Records so far. */
  row: number;
  /** The line where the next record starts. */
  line: number;
  /** CRLFs inside quoted fields so far: csv-parse counts each as two lines in its errors. */
  crlfInFields: number;
}

function locate(fields: string[], place: Place): RawRecord {
  place.row++;
  const record = { fields, row: place.row, line: place.line };
  place.line += 1;

  for (const field of fields) {
    if (field.includes("\n") || field.includes("\r")) {
      place.line += field.match(/\r\n|\r|\n/g)?.length ?? 0;
      place.crlfInFields += field.match(/\r\n/g)?.length ?? 0;
    }
  }

  return record;
}

/**
 * A parse error names the line to look at. The parser finds an unclosed quote only at the end
 * of the file; the quote was opened by the record after the last complete one, which starts
 * at `place.line`. Other errors carry the parser's own line, less its CRLF overcount.
 */
function parseError(path: string, error: Error, place: Place, skippedLines: number): Error {
  if (!(error instanceof CsvError)) return error;

  const parserLines = (error as CsvError & { lines: number }).lines;
  const line =
    error.code === "CSV_QUOTE_NOT_CLOSED"
      ? place.line
      : parserLines - place.crlfInFields + skippedLines;
  return inputError(
    `${path}, line ${line}: ${describeCsvError(error)}. Nothing was sent; fix the file and run again.`,
    error,
  );
}

function describeCsvError(error: CsvError): string {
  switch (error.code) {
    case "CSV_QUOTE_NOT_CLOSED":
      return "a quoted field is never closed (a stray double quote?)";
    case "CSV_INVALID_CLOSING_QUOTE":
      return 'a closing double quote is followed by text; inside a quoted field write "" for a quote';
    case "CSV_MAX_RECORD_SIZE":
      return "a row is larger than the limit; is this really a participant CSV?";
    default:
      return `the CSV cannot be read (${error.code})`;
  }
}

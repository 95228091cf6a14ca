import { Readable } from "node:stream";
import { CsvError, parse } from "csv-parse";
import { inputError } from "../errors.js";
import { type ColumnField, type ColumnMap, mapColumns } from "./columns.js";
import { readText } from "./decode.js";
import { sniffLayout } from "./sniff.js";

export interface ReadOptions {
  /** Forces the delimiter; by default it is detected among `,` `;` tab and `|`. */
  delimiter?: string;
  /** The file's encoding; by default strict UTF-8 (a byte order mark decides by itself). */
  encoding?: string;
  /** From `--map field=Header`: replaces the header aliases for those fields. */
  columnOverrides?: Partial<Record<ColumnField, string>>;
}

/** One data row as read, before any rule is applied. */
export interface CsvRow {
  /** The row number a spreadsheet shows: the header is row 1, blank lines count. */
  row: number;
  /** The line of the file where the row starts (a quoted field may span lines). */
  line: number;
  /** Trimmed cell values; an empty cell is absent, so that it is never sent. */
  cells: Partial<Record<ColumnField, string>>;
  /** Set when the row has more or fewer fields than the header: such a row is never guessed at. */
  malformed?: { found: number; expected: number };
}

export interface ParticipantFile {
  columns: ColumnMap;
  rows: AsyncIterable<CsvRow>;
}

/**
 * Opens a participant CSV and reads its header. Rows are then read as a stream, one record at
 * a time, so that a file of any length needs the same memory.
 */
export async function openParticipantFile(
  path: string,
  options: ReadOptions = {},
): Promise<ParticipantFile> {
  const records = (await readRecords(path, options))[Symbol.asyncIterator]();
  const first = await records.next();

  if (first.done === true) {
    throw inputError(`${path} is empty: it needs a header row and at least one participant.`);
  }

  const headers = first.value.record.map((header) => header.trim());
  const columns = mapColumns(headers, options.columnOverrides);
  return { columns, rows: toRows(records, columns) };
}

interface RawRecord {
  record: string[];
  info: { lines: number; records: number; empty_lines: number };
}

async function readRecords(path: string, options: ReadOptions): Promise<AsyncIterable<RawRecord>> {
  const chunks = readText(path, options.encoding)[Symbol.asyncIterator]();
  const layout = sniffLayout(await readHead(chunks), options.delimiter);

  const parser = parse({
    bom: true,
    info: true,
    delimiter: layout.delimiter,
    record_delimiter: ["\r\n", "\n", "\r"],
    relax_column_count: true,
    skip_empty_lines: true,
  });

  const source = Readable.from(prepend(layout.text, chunks), { objectMode: false });
  source.on("error", (error) => parser.destroy(error));
  source.pipe(parser);
  return rethrowParseErrors(parser, path, layout.skippedLines);
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

async function* prepend(head: string, rest: AsyncIterator<string>): AsyncGenerator<string> {
  if (head !== "") yield head;
  for (let next = await rest.next(); next.done !== true; next = await rest.next()) {
    if (next.value !== "") yield next.value;
  }
}

/**
 * Passes the parser's records on with true line numbers, and turns its errors into input
 * errors that name the line to look at. csv-parse 7 counts a CRLF inside a quoted field as two
 * lines, so its count runs one ahead for each such CRLF; `overcount` takes that back.
 */
async function* rethrowParseErrors(
  records: AsyncIterable<RawRecord>,
  path: string,
  skippedLines: number,
): AsyncGenerator<RawRecord> {
  let last: RawRecord["info"] | undefined;
  let overcount = 0;

  try {
    for await (const { record, info } of records) {
      overcount += countQuotedCrlf(record);
      // Only the counts that are used, named one by one: a spread of csv-parse's whole info
      // object, for every record, cost more than the copy is worth (BENCHMARKS.md).
      last = {
        lines: info.lines - overcount + skippedLines,
        records: info.records,
        empty_lines: info.empty_lines,
      };
      yield { record, info: last };
    }
  } catch (error) {
    if (isCsvError(error)) {
      throw inputError(
        `${path}, line ${errorLine(error, last, overcount - skippedLines)}: ${describeCsvError(error)}. Nothing was sent; fix the file and run again.`,
        error,
      );
    }
    throw error;
  }
}

/**
 * The parser finds an unclosed quote only at the end of the file, so its line number is the
 * file's last. The quote was opened by the record after the last complete one (past any blank
 * lines), which is the line a person needs to look at.
 */
function errorLine(
  error: CsvError & CsvErrorPlace,
  last: RawRecord["info"] | undefined,
  overcount: number,
): number {
  if (error.code !== "CSV_QUOTE_NOT_CLOSED") return error.lines - overcount;

  const lines = last?.lines ?? 0;
  const blankLines = error.empty_lines - (last?.empty_lines ?? 0);
  return lines + blankLines + 1;
}

function countQuotedCrlf(record: string[]): number {
  let count = 0;
  for (const cell of record) count += cell.match(/\r\n/g)?.length ?? 0;
  return count;
}

async function* toRows(
  records: AsyncIterator<RawRecord>,
  columns: ColumnMap,
): AsyncGenerator<CsvRow> {
  const expected = columns.headers.length;

  for (let next = await records.next(); next.done !== true; next = await records.next()) {
    const { record, info } = next.value;
    const cells = record.map((cell) => cell.trim());

    if (cells.every((cell) => cell === "")) continue;

    const row = info.records + info.empty_lines;
    const line = info.lines - countLineBreaks(record);
    const found = cells.length;
    const toleratedTrailing = found === expected + 1 && cells[expected] === "";

    if (found !== expected && !toleratedTrailing) {
      yield { row, line, cells: {}, malformed: { found, expected } };
      continue;
    }

    yield { row, line, cells: pickCells(cells, columns) };
  }
}

function pickCells(cells: string[], columns: ColumnMap): CsvRow["cells"] {
  const picked: CsvRow["cells"] = {};

  for (const [field, position] of Object.entries(columns.positions)) {
    const value = cells[position];
    if (value !== undefined && value !== "") picked[field as ColumnField] = value;
  }

  return picked;
}

/** Line breaks inside quoted fields, so that a row's first line can be found from its last. */
function countLineBreaks(record: string[]): number {
  let count = 0;
  for (const cell of record) count += cell.match(/\r\n|\r|\n/g)?.length ?? 0;
  return count;
}

interface CsvErrorPlace {
  lines: number;
  empty_lines: number;
}

function isCsvError(error: unknown): error is CsvError & CsvErrorPlace {
  return error instanceof CsvError;
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

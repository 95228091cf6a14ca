import { inputError } from "../errors.js";
import { type ColumnField, type ColumnMap, mapColumns } from "./columns.js";
import { maxLineLength } from "./line-limit.js";
import { type ParseOptions, parseRecords, type RawRecord } from "./parse-records.js";

export interface ReadOptions extends ParseOptions {
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
  /** Set when the row's line was longer than this many characters, and was not read. */
  tooLarge?: { limit: number };
}

export interface ParticipantFile {
  columns: ColumnMap;
  rows: AsyncIterable<CsvRow>;
}

/** The same file as batches of rows, for readers that go faster without a promise per row. */
export interface ParticipantBatches {
  columns: ColumnMap;
  batches: AsyncIterable<CsvRow[]>;
}

/** A participant file has a handful of columns; past this many, it is some other table. */
export const maxColumns = 1_000;

/**
 * Opens a participant CSV and reads its header. Rows are then read as a stream, one record at
 * a time, so that a file of any length needs the same memory.
 */
export async function openParticipantFile(
  path: string,
  options: ReadOptions = {},
): Promise<ParticipantFile> {
  const { columns, batches } = await openParticipantBatches(path, options);
  return { columns, rows: flatten(batches) };
}

export async function openParticipantBatches(
  path: string,
  options: ReadOptions = {},
): Promise<ParticipantBatches> {
  const records = parseRecords(path, options);
  const { header, rest } = await splitHeader(records);

  if (header === undefined) {
    throw inputError(`${path} is empty: it needs a header row and at least one participant.`);
  }
  checkHeaderSize(path, header);

  const columns = mapColumns(
    header.fields.map((name) => name.trim()),
    options.columnOverrides,
  );
  return { columns, batches: toRows(rest, records, columns) };
}

/** The first record that is not blank, and what came after it in its batch. */
async function splitHeader(
  records: AsyncGenerator<RawRecord[]>,
): Promise<{ header?: RawRecord; rest: RawRecord[] }> {
  for (let next = await records.next(); next.done !== true; next = await records.next()) {
    const batch = next.value;
    const index = batch.findIndex((record) => record.tooLarge === true || !isBlank(record.fields));
    if (index !== -1) return { header: batch[index], rest: batch.slice(index + 1) };
  }
  return { rest: [] };
}

/** A header too long to read, or with hundreds of columns, is not a participant list's. */
function checkHeaderSize(path: string, header: RawRecord): void {
  const where = `${path}, line ${header.line}`;
  if (header.tooLarge === true) {
    throw inputError(
      `${where}: the header line is longer than ${maxLineLength.toLocaleString("en-US")} characters, so this is not a participant CSV. Nothing was sent. Check that this is the right file.`,
    );
  }

  if (header.fields.length > maxColumns) {
    throw inputError(
      `${where}: the header has ${header.fields.length.toLocaleString("en-US")} columns; a participant file has a handful (at most ${maxColumns.toLocaleString("en-US")} are read). Nothing was sent. Check the delimiter (--delimiter) and that this is the right file.`,
    );
  }
}

async function* toRows(
  first: RawRecord[],
  records: AsyncIterator<RawRecord[]>,
  columns: ColumnMap,
): AsyncGenerator<CsvRow[]> {
  const toRow = rowMaker(columns);
  yield pickRows(first, toRow);

  for (let next = await records.next(); next.done !== true; next = await records.next()) {
    const rows = pickRows(next.value, toRow);
    if (rows.length > 0) yield rows;
  }
}

function pickRows(records: RawRecord[], toRow: (record: RawRecord) => CsvRow): CsvRow[] {
  const rows: CsvRow[] = [];
  for (const record of records) {
    if (record.tooLarge === true || !isBlank(record.fields)) rows.push(toRow(record));
  }
  return rows;
}

/**
 * Builds the function that turns a record into a row. The header's columns are worked out
 * once, so each row costs one pass over the fields it uses and no object it does not keep.
 */
function rowMaker(columns: ColumnMap): (record: RawRecord) => CsvRow {
  const expected = columns.headers.length;
  const used = Object.entries(columns.positions) as [ColumnField, number][];

  return ({ fields, row, line, tooLarge }) => {
    if (tooLarge === true) return { row, line, cells: {}, tooLarge: { limit: maxLineLength } };

    const found = fields.length;
    const toleratedTrailing = found === expected + 1 && fields[expected]?.trim() === "";
    if (found !== expected && !toleratedTrailing) {
      return { row, line, cells: {}, malformed: { found, expected } };
    }

    const cells: CsvRow["cells"] = {};
    for (const [field, position] of used) {
      const value = fields[position]?.trim();
      if (value !== undefined && value !== "") cells[field] = value;
    }
    return { row, line, cells };
  };
}

function isBlank(fields: string[]): boolean {
  for (const field of fields) {
    if (field.trim() !== "") return false;
  }
  return true;
}

async function* flatten<T>(batches: AsyncIterable<T[]>): AsyncGenerator<T> {
  for await (const batch of batches) yield* batch;
}

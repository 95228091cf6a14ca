import { finished } from "node:stream/promises";
import { parse } from "csv-parse";
import { readText } from "./decode.js";
import {
  createLineLimiter,
  lineTooLongMarker,
  maxRecordBytes,
  openQuoteMarker,
} from "./line-limit.js";
import { openQuoteError, parseError } from "./parse-errors.js";
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
  /** Set when the record's line was longer than `maxLineLength` and was dropped unread. */
  tooLarge?: true;
}

/**
 * Reads a CSV file as batches of records: one batch per chunk of text, so that the cost of
 * passing records on is paid per chunk, not per record, and memory holds one chunk's records.
 *
 * csv-parse is fed synchronously and hands its records over in the same call. Rows and lines
 * are counted here rather than asked of the parser per record: blank lines come through as
 * records of one empty field, so every line break is either between records or inside one.
 *
 * Memory is bounded whatever the file holds: a line too long for a participant row is dropped
 * on the way in (see `createLineLimiter`), and a quoted field left open stops the file once its
 * record passes `maxRecordBytes`, rather than swallowing the rest of the file.
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
    max_record_size: maxRecordBytes,
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
    const batch = pending.map((fields) => locate(path, fields, place));
    pending = [];
    place.header ??= findHeader(batch);
    if (parser.errored !== null) {
      throw parseError(
        path,
        parser.errored,
        { ...place, quoting: isQuoting(parser) },
        layout.skippedLines,
      );
    }
    return batch;
  };
  const limiter = createLineLimiter();
  const feed = (text: string): RawRecord[] => {
    const passed = limiter.push(text);
    if (passed !== "") parser.write(passed);
    return take();
  };

  try {
    if (layout.text !== "") yield feed(layout.text);

    for (let next = await chunks.next(); next.done !== true; next = await chunks.next()) {
      if (next.value !== "") yield feed(next.value);
    }

    const rest = limiter.end();
    if (rest !== "") parser.write(rest);
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
  /** The first record that is not blank, as the reader takes the header; unset until read. */
  header?: string[];
}

function locate(path: string, fields: string[], place: Place): RawRecord {
  place.row++;
  const record: RawRecord = { fields, row: place.row, line: place.line };
  place.line += 1;

  if (fields.length === 1 && (fields[0] === lineTooLongMarker || fields[0] === openQuoteMarker)) {
    if (fields[0] === openQuoteMarker) throw openQuoteError(path, record);
    record.fields = [];
    record.tooLarge = true;
    return record;
  }

  for (const field of fields) {
    if (field.includes("\n") || field.includes("\r")) {
      place.line += field.match(/\r\n|\r|\n/g)?.length ?? 0;
      place.crlfInFields += field.match(/\r\n/g)?.length ?? 0;
    }
  }

  return record;
}

function findHeader(batch: RawRecord[]): string[] | undefined {
  const header = batch.find(
    (record) => record.tooLarge === true || record.fields.some((field) => field.trim() !== ""),
  );
  return header?.fields;
}

/**
 * Whether the parser stopped inside a quoted field. csv-parse keeps its state on the stream (for
 * backward compatibility, its docs say); its errors' own `quoting` means a closed quoted field.
 */
function isQuoting(parser: object): boolean {
  const state = (parser as { state?: { quoting?: unknown } }).state;
  return state?.quoting === true;
}

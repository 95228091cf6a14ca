import { stat } from "node:fs/promises";
import { localCodes } from "../contract/codes.js";
import type { ParticipantBody } from "../contract/rules.js";
import type { ColumnMap } from "../csv/columns.js";
import { type CsvRow, openParticipantBatches, type ReadOptions } from "../csv/read-rows.js";
import { usageError } from "../errors.js";
import { checkRow, type RowCheckOptions } from "./check-row.js";
import type { Finding } from "./findings.js";
import { createFirstRowIndex, type FirstRowIndex } from "./id-index.js";
import type { PhoneResult } from "./phone.js";
import { createPhoneChecker, type PhoneChecker } from "./phone-checker.js";

/** Below this size a file is checked on one thread: a worker would take longer to start. */
const threadedFromBytes = 1024 * 1024;

export type ValidateOptions = ReadOptions & RowCheckOptions;

/** A row after every local check: ready to send when `findings` is empty. */
export interface CheckedRow {
  row: number;
  line: number;
  participantId: string | null;
  siteOid: string | null;
  body: ParticipantBody;
  /** The row's own Participate choice (`--register=column`), or null to follow the run's. */
  register: boolean | null;
  findings: Finding[];
}

export interface ValidatedFile {
  columns: ColumnMap;
  /** Headers that feed nothing: unknown ones, and a Register column unless it is asked for. */
  ignoredColumns: string[];
  rows: AsyncIterable<CheckedRow>;
}

/**
 * Reads and checks a participant file as a stream. Besides the contract's rules, a participant
 * ID seen earlier in the file (trimmed, any case: the server looks IDs up that way, contract
 * section 1 check 8) is refused, so that one run never sends the same participant twice.
 */
export async function validateFile(
  path: string,
  options: ValidateOptions = {},
): Promise<ValidatedFile> {
  const file = await openParticipantBatches(path, options);
  const phones = createPhoneChecker({
    defaultCountry: options.defaultCountry,
    threaded: (await stat(path)).size >= threadedFromBytes,
  });
  const { columns } = file;
  const registerColumn = columns.positions.register;
  const unusedRegister =
    registerColumn !== undefined && options.registerFromColumn !== true
      ? [`${columns.headers[registerColumn]} (use it with --register=column)`]
      : [];

  return {
    columns,
    ignoredColumns: [...columns.ignored, ...unusedRegister],
    rows: checkRows(file.batches, options, phones),
  };
}

/**
 * Checks the rows batch by batch. Each batch's phone numbers go to the checker as soon as the
 * batch is read, and its rows are finished one batch later, so that a threaded checker works
 * on one batch while this thread checks the other fields of the next; at most two batches are
 * held at a time.
 */
async function* checkRows(
  batches: AsyncIterable<CsvRow[]>,
  options: RowCheckOptions,
  phones: PhoneChecker,
): AsyncGenerator<CheckedRow> {
  const firstRows = createFirstRowIndex();
  const finish = async (batch: PhonedBatch) => {
    const results = await batch.phones;
    let next = 0;
    return batch.rows.map((row) => {
      if (row.tooLarge !== undefined) return unread(row, tooLargeFinding(row.tooLarge.limit));
      if (row.malformed !== undefined) return unread(row, malformedFinding(row.malformed));
      const phone = row.cells.phoneNumber === undefined ? undefined : results[next++];
      return checkWellFormed(row, options, phone, firstRows);
    });
  };

  try {
    let previous: PhonedBatch | undefined;
    for await (const rows of batches) {
      const current = { rows, phones: phones.check(phoneTexts(rows)) };
      current.phones.catch(() => {}); // Awaited in `finish`; never left unhandled meanwhile.
      if (previous !== undefined) yield* await finish(previous);
      previous = current;
    }
    if (previous !== undefined) yield* await finish(previous);
  } finally {
    await phones.close();
  }
}

interface PhonedBatch {
  rows: CsvRow[];
  phones: Promise<PhoneResult[]>;
}

function phoneTexts(rows: CsvRow[]): string[] {
  const texts: string[] = [];
  for (const row of rows) {
    const text = row.cells.phoneNumber;
    if (row.malformed === undefined && row.tooLarge === undefined && text !== undefined) {
      texts.push(text);
    }
  }
  return texts;
}

function checkWellFormed(
  row: CsvRow,
  options: RowCheckOptions,
  phone: PhoneResult | undefined,
  firstRows: FirstRowIndex,
): CheckedRow {
  const { body, siteOid, register, findings } = checkRow(row, options, phone);
  const participantId = row.cells.subjectKey ?? null;

  if (participantId !== null) {
    const firstRow = firstRows.firstRow(participantId.toLowerCase(), row.row);
    if (firstRow !== undefined) {
      findings.push({
        field: "subjectKey",
        code: localCodes.duplicateParticipantId,
        detail: `the same participant ID as row ${firstRow}`,
      });
    }
  }

  return { row: row.row, line: row.line, participantId, siteOid, body, register, findings };
}

/** A row whose fields were not read (out of line with the header, or too large to read). */
function unread(row: CsvRow, finding: Finding): CheckedRow {
  return {
    row: row.row,
    line: row.line,
    participantId: null,
    siteOid: null,
    body: {},
    register: null,
    findings: [finding],
  };
}

function malformedFinding(counts: { found: number; expected: number }): Finding {
  return {
    field: null,
    code: localCodes.malformedRow,
    detail: `${counts.found} fields where the header has ${counts.expected}`,
  };
}

function tooLargeFinding(limit: number): Finding {
  return {
    field: null,
    code: localCodes.recordTooLarge,
    detail: `the line is longer than ${limit.toLocaleString("en-US")} characters and was not read`,
  };
}

/**
 * `--register` registers every row. A file with its own Register column says something else
 * row by row, and silently overriding a "no" would create accounts nobody asked for.
 */
export function checkRegisterChoice(columns: ColumnMap, registerAll: boolean): void {
  const position = columns.positions.register;
  if (!registerAll || position === undefined) return;

  throw usageError(
    `The file has a "${columns.headers[position]}" column, and --register would register every row regardless. Use --register=column to follow the column, or remove the column.`,
  );
}

import { localCodes } from "../contract/codes.js";
import type { ParticipantBody } from "../contract/rules.js";
import type { ColumnMap } from "../csv/columns.js";
import { type CsvRow, openParticipantFile, type ReadOptions } from "../csv/read-rows.js";
import { usageError } from "../errors.js";
import { checkRow, type RowCheckOptions } from "./check-row.js";
import type { Finding } from "./findings.js";

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
  const file = await openParticipantFile(path, options);
  const { columns } = file;
  const registerColumn = columns.positions.register;
  const unusedRegister =
    registerColumn !== undefined && options.registerFromColumn !== true
      ? [`${columns.headers[registerColumn]} (use it with --register=column)`]
      : [];

  return {
    columns,
    ignoredColumns: [...columns.ignored, ...unusedRegister],
    rows: checkRows(file.rows, options),
  };
}

async function* checkRows(
  rows: AsyncIterable<CsvRow>,
  options: RowCheckOptions,
): AsyncGenerator<CheckedRow> {
  const firstRowById = new Map<string, number>();

  for await (const row of rows) {
    if (row.malformed !== undefined) {
      yield malformed(row, row.malformed);
      continue;
    }

    const { body, siteOid, register, findings } = checkRow(row, options);
    const participantId = row.cells.subjectKey ?? null;

    if (participantId !== null) {
      const key = participantId.toLowerCase();
      const firstRow = firstRowById.get(key);

      if (firstRow === undefined) {
        firstRowById.set(key, row.row);
      } else {
        findings.push({
          field: "subjectKey",
          code: localCodes.duplicateParticipantId,
          detail: `the same participant ID as row ${firstRow}`,
        });
      }
    }

    yield { row: row.row, line: row.line, participantId, siteOid, body, register, findings };
  }
}

function malformed(row: CsvRow, counts: { found: number; expected: number }): CheckedRow {
  return {
    row: row.row,
    line: row.line,
    participantId: null,
    siteOid: null,
    body: {},
    register: null,
    findings: [
      {
        field: null,
        code: localCodes.malformedRow,
        detail: `${counts.found} fields where the header has ${counts.expected}`,
      },
    ],
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

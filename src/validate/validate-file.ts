import { localCodes } from "../contract/codes.js";
import type { ParticipantBody } from "../contract/rules.js";
import type { ColumnMap } from "../csv/columns.js";
import { type CsvRow, openParticipantFile, type ReadOptions } from "../csv/read-rows.js";
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
  findings: Finding[];
}

export interface ValidatedFile {
  columns: ColumnMap;
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
  return { columns: file.columns, rows: checkRows(file.rows, options) };
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

    const { body, siteOid, findings } = checkRow(row, options);
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

    yield { row: row.row, line: row.line, participantId, siteOid, body, findings };
  }
}

function malformed(row: CsvRow, counts: { found: number; expected: number }): CheckedRow {
  return {
    row: row.row,
    line: row.line,
    participantId: null,
    siteOid: null,
    body: {},
    findings: [
      {
        field: null,
        code: localCodes.malformedRow,
        detail: `${counts.found} fields where the header has ${counts.expected}`,
      },
    ],
  };
}

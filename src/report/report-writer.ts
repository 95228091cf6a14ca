import { closeSync, fchmodSync, openSync, writeSync } from "node:fs";
import { stringify } from "csv-stringify/sync";
import { inputError } from "../errors.js";
import type { RowOutcome } from "../import/outcome.js";

export type ReportFormat = "csv" | "jsonl";

export interface ReportWriter {
  readonly path: string;
  readonly format: ReportFormat;
  write(outcome: RowOutcome): void;
  close(): void;
}

/** The report's columns, in this order, for both formats (JSON Lines uses them as keys). */
export const reportColumns = [
  "row",
  "line",
  "participantId",
  "siteOid",
  "outcome",
  "errorCode",
  "httpStatus",
  "attempts",
  "message",
] as const satisfies readonly (keyof RowOutcome)[];

/**
 * Opens a report for writing: JSON Lines when the name ends in `.jsonl` or `.ndjson`, CSV
 * otherwise. Each line goes to the file as soon as it is written, so a run that dies leaves a
 * report that is true up to its last line. The file is readable by its owner only.
 */
export function openReport(path: string): ReportWriter {
  const format: ReportFormat = /\.(jsonl|ndjson)$/i.test(path) ? "jsonl" : "csv";
  let fd: number;

  try {
    fd = openSync(path, "w", 0o600);
    // The mode given to `openSync` applies only to a new file; an old report keeps its own.
    fchmodSync(fd, 0o600);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "unknown error";
    throw inputError(
      `Cannot write the report ${path} (${code}). Choose another path with --report.`,
      error,
    );
  }

  if (format === "csv") writeSync(fd, stringify([[...reportColumns]]));

  return {
    path,
    format,
    write(outcome) {
      const values = reportColumns.map((column) => outcome[column]);
      const line =
        format === "jsonl"
          ? `${JSON.stringify(Object.fromEntries(reportColumns.map((column, index) => [column, values[index]])))}\n`
          : stringify([values.map((value) => (value === null ? "" : value))]);
      writeSync(fd, line);
    },
    close() {
      closeSync(fd);
    },
  };
}

import { stringify } from "csv-stringify/sync";
import type { RowOutcome } from "../import/outcome.js";

export type ReportFormat = "csv" | "jsonl";

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

/** JSON Lines when the name ends in `.jsonl` or `.ndjson`, CSV otherwise. */
export function reportFormatOf(path: string): ReportFormat {
  return /\.(jsonl|ndjson)$/i.test(path) ? "jsonl" : "csv";
}

/**
 * A CSV report starts with a UTF-8 byte order mark, which is how Excel knows to read accents
 * as UTF-8 rather than in the machine's legacy code page.
 */
export function formatHeader(format: ReportFormat): string {
  return format === "csv" ? `\uFEFF${stringify([[...reportColumns]])}` : "";
}

/** One outcome as one line of the report, ending in a line break. */
export function formatLine(outcome: RowOutcome, format: ReportFormat): string {
  if (format === "jsonl") {
    const entries = reportColumns.map((column) => [column, outcome[column]]);
    return `${JSON.stringify(Object.fromEntries(entries))}\n`;
  }
  return stringify([reportColumns.map((column) => neutralise(outcome[column] ?? ""))]);
}

/**
 * A cell a spreadsheet would run as a formula (OWASP's CSV injection list: `=`, `+`, `-`, `@`,
 * tab, carriage return) gets a leading apostrophe, so a participant ID from a hostile file
 * can never become a formula on the data manager's machine. JSON Lines is left as it is.
 */
export function neutralise(value: string | number): string | number {
  return typeof value === "string" && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** Undoes `neutralise` when a report is read back. */
export function restore(value: string): string {
  return /^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value;
}

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

export function formatHeader(format: ReportFormat): string {
  return format === "csv" ? stringify([[...reportColumns]]) : "";
}

/** One outcome as one line of the report, ending in a line break. */
export function formatLine(outcome: RowOutcome, format: ReportFormat): string {
  if (format === "jsonl") {
    const entries = reportColumns.map((column) => [column, outcome[column]]);
    return `${JSON.stringify(Object.fromEntries(entries))}\n`;
  }
  return stringify([reportColumns.map((column) => outcome[column] ?? "")]);
}

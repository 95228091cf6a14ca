import { stringify } from "csv-stringify/sync";
import { showHiddenCharacters } from "../hidden-characters.js";
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
    const entries = reportColumns.map((column) => [column, shown(column, outcome[column])]);
    return `${JSON.stringify(Object.fromEntries(entries))}\n`;
  }
  return stringify([
    reportColumns.map((column) => neutralise(shown(column, outcome[column] ?? ""))),
  ]);
}

/**
 * A refused row's participant ID and site OID are written as the file had them, and the file
 * may hold an escape sequence or a bidi override: in the report each such character is written
 * as `<U+XXXX>`, so that opening or printing the report cannot act on a terminal or reorder
 * what a data manager reads. Messages are the tool's own, with server text already made safe.
 */
function shown<T>(column: (typeof reportColumns)[number], value: T): T | string {
  const fromFile = column === "participantId" || column === "siteOid";
  return fromFile && typeof value === "string" ? showHiddenCharacters(value) : value;
}

/**
 * A cell a spreadsheet would run as a formula (OWASP's CSV injection list: `=`, `+`, `-`, `@`,
 * tab, carriage return) gets a leading apostrophe, so a participant ID from a hostile file
 * can never become a formula on the data manager's machine. A value that already starts with
 * an apostrophe gets one more, so that `'=1` and `=1` stay apart when the report is read back.
 * JSON Lines is left as it is.
 */
export function neutralise(value: string | number): string | number {
  return typeof value === "string" && /^[=+\-@\t\r']/.test(value) ? `'${value}` : value;
}

/** Undoes `neutralise` when a report is read back. */
export function restore(value: string): string {
  return /^'[=+\-@\t\r']/.test(value) ? value.slice(1) : value;
}

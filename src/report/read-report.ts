import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { usageError } from "../errors.js";
import { type OutcomeKind, outcomeKinds, type RowOutcome } from "../import/outcome.js";
import { reportColumns, reportFormatOf, restore } from "./report-format.js";

/**
 * Reads a report back, for `--resume` and `--retry-failed`: each row's latest outcome (a
 * resumed run appends lines, and the last one for a row wins). A line cut off by a crash has
 * no line break after it, so everything after the last line break is left out.
 */
export function readReport(path: string): Map<number, RowOutcome> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw usageError(`Cannot read the report ${path} to resume from. Check the path.`, error);
  }

  const complete = text.slice(0, text.lastIndexOf("\n") + 1);
  const records = readRecords(path, complete);
  const latest = new Map<number, RowOutcome>();

  for (const record of records) {
    const outcome = toOutcome(record);
    if (outcome === undefined) {
      throw usageError(
        `${path} is not a report this tool wrote (a line does not fit). Nothing was sent.`,
      );
    }
    latest.set(outcome.row, outcome);
  }

  return latest;
}

function readRecords(path: string, text: string): Record<string, unknown>[] {
  if (reportFormatOf(path) === "jsonl") return readJsonLines(text);

  try {
    return readCsv(text);
  } catch (error) {
    throw usageError(
      `${path} cannot be read as a report (it was changed or damaged). Nothing was sent. Resume from the report as the tool wrote it, or start a new import without --resume.`,
      error,
    );
  }
}

function readJsonLines(text: string): Record<string, unknown>[] {
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        return {};
      }
    });
}

function readCsv(text: string): Record<string, unknown>[] {
  const rows = parse(text.replace(/^\uFEFF/, ""), {
    columns: true,
    relax_column_count: true,
  }) as Record<string, string>[];
  return rows.map((row) => ({
    ...Object.fromEntries(Object.entries(row).map(([key, value]) => [key, restore(value)])),
    row: Number(row.row),
    line: Number(row.line),
    attempts: Number(row.attempts),
    httpStatus: row.httpStatus === "" ? null : Number(row.httpStatus),
  }));
}

function toOutcome(record: Record<string, unknown>): RowOutcome | undefined {
  const text = (key: string) => {
    const value = record[key];
    return typeof value === "string" && value !== "" ? value : null;
  };
  const number = (key: string) =>
    typeof record[key] === "number" ? (record[key] as number) : null;

  const row = number("row");
  const outcome = text("outcome");
  if (row === null || !Number.isInteger(row) || !isOutcome(outcome)) return undefined;
  if (!reportColumns.every((column) => column in record)) return undefined;

  return {
    row,
    line: number("line") ?? 0,
    participantId: text("participantId"),
    siteOid: text("siteOid"),
    outcome,
    errorCode: text("errorCode"),
    httpStatus: number("httpStatus"),
    attempts: number("attempts") ?? 0,
    message: text("message"),
  };
}

function isOutcome(value: string | null): value is OutcomeKind {
  return value !== null && (outcomeKinds as readonly string[]).includes(value);
}

import {
  chmodSync,
  closeSync,
  existsSync,
  fchmodSync,
  fdatasyncSync,
  fstatSync,
  openSync,
  readFileSync,
  truncateSync,
  writeSync,
} from "node:fs";
import { inputError } from "../errors.js";
import type { RowOutcome } from "../import/outcome.js";
import { formatHeader, formatLine, type ReportFormat, reportFormatOf } from "./report-format.js";

export { type ReportFormat, reportColumns } from "./report-format.js";

export interface ReportWriter {
  readonly path: string;
  readonly format: ReportFormat;
  write(outcome: RowOutcome): void;
  close(): void;
}

/** Lines reach the disk itself (not only the page cache) at least this often. */
const syncIntervalMs = 250;

/**
 * Opens a report for writing: JSON Lines when the name ends in `.jsonl` or `.ndjson`, CSV
 * otherwise. Each line is handed to the operating system as soon as it is written, so a
 * process that is killed leaves every line; the file is also synced to disk every quarter
 * second, so a power cut loses at most the last moment's lines, never a line's meaning. With
 * `append`, an interrupted run's report is continued (a resumed run), after cutting off a last
 * line that a crash left without its line break. Owner-only, always.
 */
export function openReport(path: string, options: { append?: boolean } = {}): ReportWriter {
  const format = reportFormatOf(path);
  const append = options.append === true;
  let fd: number;

  try {
    // The mode given to `openSync` applies only to a new file; an old report keeps its own, so
    // it is tightened before it is opened (no one can open it after that) and again after.
    if (existsSync(path)) chmodSync(path, 0o600);
    if (append && existsSync(path)) dropTornLine(path);
    fd = openSync(path, append ? "a" : "w", 0o600);
    fchmodSync(fd, 0o600);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "unknown error";
    throw inputError(
      `Cannot write the report ${path} (${code}). Choose another path with --report.`,
      error,
    );
  }

  if (!append || fstatSync(fd).size === 0) writeSync(fd, formatHeader(format));
  let lastSync = Date.now();

  return {
    path,
    format,
    write(outcome) {
      writeSync(fd, formatLine(outcome, format));
      if (Date.now() - lastSync >= syncIntervalMs) {
        fdatasyncSync(fd);
        lastSync = Date.now();
      }
    },
    close() {
      fdatasyncSync(fd);
      closeSync(fd);
    },
  };
}

/**
 * Readers leave out a line cut off by a crash (see `readReport`); appending after it would glue
 * the next line to it and make both unreadable, so it goes before anything is appended.
 */
function dropTornLine(path: string): void {
  const bytes = readFileSync(path);
  const end = bytes.lastIndexOf(0x0a) + 1;
  if (end < bytes.length) truncateSync(path, end);
}

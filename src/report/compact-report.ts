import { closeSync, fchmodSync, fdatasyncSync, openSync, renameSync, writeSync } from "node:fs";
import { readReport } from "./read-report.js";
import { formatHeader, formatLine, reportFormatOf } from "./report-format.js";

/**
 * Rewrites a finished run's report with one line per row, in row order. During a run lines
 * are written as answers arrive, and a resumed run appends; the finished report reads like
 * the file it describes. The new file replaces the old in one rename, so a crash here leaves
 * one or the other, whole.
 */
export function compactReport(path: string): void {
  const format = reportFormatOf(path);
  const outcomes = [...readReport(path).values()].sort((a, b) => a.row - b.row);
  const temporary = `${path}.tmp-${process.pid}`;
  const fd = openSync(temporary, "w", 0o600);
  // A temporary file left by a crashed run keeps its own mode when opened again.
  fchmodSync(fd, 0o600);

  try {
    writeSync(fd, formatHeader(format));
    const lines: string[] = [];
    for (const outcome of outcomes) {
      lines.push(formatLine(outcome, format));
      if (lines.length === 1000) writeSync(fd, lines.splice(0).join(""));
    }
    writeSync(fd, lines.join(""));
    fdatasyncSync(fd);
  } finally {
    closeSync(fd);
  }

  renameSync(temporary, path);
}

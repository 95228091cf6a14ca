import { rmSync } from "node:fs";
import { inputError } from "../errors.js";
import type { RowOutcome } from "../import/outcome.js";
import type { RunStart } from "../import/run-validate.js";
import type { RunSummary } from "../import/tally.js";
import { compactReport } from "../report/compact-report.js";
import { openReport, type ReportWriter } from "../report/report-writer.js";
import { isResumable, runStatePath } from "../report/run-state.js";
import { chooseColour } from "./colour.js";
import type { CliIo } from "./io.js";
import { createProgress } from "./progress.js";
import { renderSummary } from "./render-summary.js";

export interface RunOutput {
  onStart(start: RunStart): void;
  onOutcome(outcome: RowOutcome): void;
  finish(summary: RunSummary): void;
  /** Closes the report; after a run that could not finish, removes a report that says nothing. */
  close(finished: boolean): void;
}

export interface RunOutputContext {
  command: "validate" | "import";
  file: string;
  reportPath: string;
  /** Continue the report (a resumed import) instead of starting it anew. */
  append?: boolean;
  json: boolean;
  color: boolean;
  quiet?: boolean;
  /** The command's own arguments, to show the exact command that resumes it. */
  argv?: string[];
  /** How the tool was started, for that command. */
  program?: string[];
}

/**
 * Where a run's results go: the report file, opened only once the run is sure to go ahead
 * (so a wrong path or password leaves no empty report behind), and the summary at the end.
 */
export function createRunOutput(io: CliIo, context: RunOutputContext): RunOutput {
  // An interrupted import's report can still be finished with --resume: it is kept until this
  // run is sure to go ahead, so a run refused at its login does not lose it.
  const resumable = context.append !== true && isResumable(context.reportPath);
  if (context.append !== true && !resumable) removeStaleReport(context.reportPath);
  let report: ReportWriter | undefined;
  let written = 0;
  const progress = createProgress({
    stream: io.stderrStream,
    quiet: context.quiet === true || context.json,
  });

  return {
    onStart(start) {
      if (start.ignoredColumns.length > 0) {
        io.notice(`Ignoring columns: ${start.ignoredColumns.join(", ")}`);
      }
      if (resumable) removeStaleReport(context.reportPath);
      report = openReport(context.reportPath, { append: context.append });
      if (start.rows !== null) progress.start(start.rows);
    },

    onOutcome(outcome) {
      report?.write(outcome);
      written++;
      progress.tick(outcome);
    },

    finish(summary) {
      progress.stop();
      if (context.json) {
        io.stdout(`${JSON.stringify(summary)}\n`);
        return;
      }
      const colour = chooseColour(io.stdoutStream, context.color, io.env);
      io.stdout(renderSummary(summary, { ...context, colour }));
    },

    close(finished) {
      progress.stop();
      report?.close();
      // An import's lines arrive in answer order, and a resumed run appends: once the run has
      // ended, rewrite the report one line per row, in row order.
      if (report !== undefined && finished && context.command === "import") {
        compactReport(context.reportPath);
      }
      // A validate report of a file refused midway is misleading; an import report is kept
      // whenever it records a row, because those rows may have reached the server.
      const useless = written === 0 || context.command === "validate";
      if (report !== undefined && !finished && useless) rmSync(context.reportPath, { force: true });
      if (report === undefined && resumable) {
        io.warn(
          `This run stopped before its first row and left the earlier report ${context.reportPath} as it was. To finish that run, add --resume ${context.reportPath}.`,
        );
      }
      report = undefined;
    },
  };
}

/**
 * A new run replaces the report at its path, so an earlier run's report is removed first: a
 * run that stops before its first row then leaves no report, never a stale one that a CI
 * step could publish as this run's.
 */
export function removeStaleReport(reportPath: string): void {
  try {
    rmSync(reportPath, { force: true });
    rmSync(runStatePath(reportPath), { force: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "unknown error";
    throw inputError(
      `Cannot replace the report ${reportPath} (${code}). Choose another path with --report.`,
      error,
    );
  }
}

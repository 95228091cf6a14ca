import type { RowOutcome } from "../import/outcome.js";
import type { RunStart } from "../import/run-validate.js";
import type { RunSummary } from "../import/tally.js";
import { openReport, type ReportWriter } from "../report/report-writer.js";
import { chooseColour } from "./colour.js";
import type { CliIo } from "./io.js";
import { renderSummary } from "./render-summary.js";

export interface RunOutput {
  onStart(start: RunStart): void;
  onOutcome(outcome: RowOutcome): void;
  finish(summary: RunSummary): void;
  close(): void;
}

/**
 * Where a run's results go: the report file, opened only once the input has proved readable
 * (so a wrong path leaves no empty report behind), and the summary at the end.
 */
export function createRunOutput(
  io: CliIo,
  context: {
    command: "validate" | "import";
    file: string;
    reportPath: string;
    json: boolean;
    color: boolean;
  },
): RunOutput {
  let report: ReportWriter | undefined;

  return {
    onStart(start) {
      if (start.ignoredColumns.length > 0) {
        io.notice(`Ignoring columns: ${start.ignoredColumns.join(", ")}`);
      }
      report = openReport(context.reportPath);
    },

    onOutcome(outcome) {
      report?.write(outcome);
    },

    finish(summary) {
      if (context.json) {
        io.stdout(`${JSON.stringify(summary)}\n`);
        return;
      }
      const colour = chooseColour(io.stdoutStream, context.color, io.env);
      io.stdout(renderSummary(summary, { ...context, colour }));
    },

    close() {
      report?.close();
      report = undefined;
    },
  };
}

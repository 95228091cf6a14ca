import type { ChalkInstance } from "chalk";
import type { RowOutcome } from "../import/outcome.js";
import type { PlanResult } from "../plan/run-plan.js";
import { describeCode } from "../report/describe-code.js";
import { renderSummary } from "./render-summary.js";

export interface PlanContext {
  file: string;
  studyOid: string;
  serverUrl: string;
  reportPath: string;
  colour: ChalkInstance;
  /** The first conflicts, in row order, to name one by one. */
  conflicts: RowOutcome[];
}

/**
 * A plan as an infrastructure tool shows one: what would change, what stands in the way, and
 * a plain statement that nothing was written.
 */
export function renderPlan(result: PlanResult, context: PlanContext): string {
  const { colour } = context;
  const { outcomes } = result.summary;
  const lines = [
    colour.bold(`Plan: ${context.file} into ${context.studyOid} at ${context.serverUrl}`),
    "",
    `  ${colour.green("+")} ${String(outcomes.create).padStart(6)} to create`,
    `  ${colour.yellow("~")} ${String(outcomes.update).padStart(6)} to update (the row's non-empty contact fields replace the study's)`,
    `  ${colour.red("!")} ${String(outcomes.conflict).padStart(6)} in conflict with the study (not sent)`,
    `  ${colour.red("x")} ${String(outcomes.invalid).padStart(6)} invalid (not sent)`,
  ];

  if (result.problems.length > 0) {
    lines.push("", colour.red("An import would stop before sending anything:"));
    for (const { siteOid, code } of result.problems) {
      lines.push(
        `  ${siteOid}: ${code}. ${describeCode(code).meaning}`,
        `    Fix: ${describeCode(code).fix}`,
      );
    }
  }

  if (context.conflicts.length > 0) {
    lines.push("", "Conflicts:");
    for (const conflict of context.conflicts) {
      lines.push(`  row ${conflict.row}  ${conflict.message ?? conflict.errorCode ?? ""}`);
    }
  }

  const details = renderSummary(result.summary, { ...context, command: "plan", showCounts: false });
  lines.push(details.trimEnd(), "");
  lines.push(colour.bold("Nothing was written."));
  return `${lines.join("\n")}\n`;
}

import type { ChalkInstance } from "chalk";
import type { OutcomeKind } from "../import/outcome.js";
import type { RunSummary } from "../import/tally.js";
import { describeCode } from "../report/describe-code.js";

export interface SummaryContext {
  command: "validate" | "import";
  file: string;
  reportPath: string;
  colour: ChalkInstance;
  /** How many rows to name per errorCode before "and N more". */
  rowsShown?: number;
}

const order: OutcomeKind[] = [
  "valid",
  "created",
  "updated",
  "invalid",
  "rejected",
  "failed",
  "skipped",
];
const good = new Set<OutcomeKind>(["valid", "created", "updated"]);

/** The end-of-run summary as a string: counts, then one block per errorCode, then the report. */
export function renderSummary(summary: RunSummary, context: SummaryContext): string {
  const { colour } = context;
  const verb = context.command === "validate" ? "Checked" : "Imported";
  const lines = [colour.bold(`${verb} ${summary.rows} rows of ${context.file}`)];

  for (const kind of order) {
    const count = summary.outcomes[kind];
    if (count === 0) continue;
    const paint = good.has(kind) ? colour.green : colour.red;
    lines.push(`  ${paint(kind.padEnd(9))} ${String(count).padStart(7)}`);
  }

  for (const [code, rows] of Object.entries(summary.errorCodes)) {
    const help = describeCode(code);
    lines.push("", `${colour.yellow(code)}  ${describeRows(rows, context.rowsShown ?? 10)}`);
    lines.push(`  ${help.meaning}`, `  Fix: ${help.fix}`);
  }

  lines.push("", `Report: ${context.reportPath}`);
  return `${lines.join("\n")}\n`;
}

function describeRows(rows: number[], shown: number): string {
  const noun = rows.length === 1 ? "row" : "rows";
  const listed = rows.slice(0, shown).join(", ");
  const more = rows.length > shown ? `, and ${rows.length - shown} more` : "";
  return `${rows.length} ${noun}: ${listed}${more}`;
}

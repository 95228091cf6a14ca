import type { ChalkInstance } from "chalk";
import { isSuccess, type OutcomeKind } from "../import/outcome.js";
import type { RunSummary } from "../import/tally.js";
import { describeCode } from "../report/describe-code.js";

export interface SummaryContext {
  command: "validate" | "import" | "plan";
  file: string;
  reportPath: string;
  colour: ChalkInstance;
  /** False to leave out the title and the counts (a plan shows its own). */
  showCounts?: boolean;
  /** The command line that ran, to show the exact command that resumes it. */
  argv?: string[];
  /** How the tool was started (`oc-participants`, or `node bin/oc-participants.js`). */
  program?: string[];
  /** How many rows to name per errorCode before "and N more". */
  rowsShown?: number;
}

const order: OutcomeKind[] = [
  "valid",
  "create",
  "update",
  "created",
  "updated",
  "invalid",
  "conflict",
  "rejected",
  "failed",
  "skipped",
];

/** The end-of-run summary as a string: counts, then one block per errorCode, then the report. */
export function renderSummary(summary: RunSummary, context: SummaryContext): string {
  const { colour } = context;
  const showCounts = context.showCounts !== false;
  const lines = showCounts
    ? [colour.bold(`Read ${plural(summary.rows, "row")} of ${context.file}`)]
    : [];

  for (const kind of order) {
    const count = summary.outcomes[kind];
    if (count === 0 || !showCounts) continue;
    const paint = isSuccess(kind) ? colour.green : colour.red;
    lines.push(`  ${paint(kind.padEnd(9))} ${String(count).padStart(7)}`);
  }

  for (const [code, rows] of Object.entries(summary.errorCodes)) {
    const help = describeCode(code);
    lines.push("", `${colour.yellow(code)}  ${describeRows(rows, context.rowsShown ?? 10)}`);
    lines.push(`  ${help.meaning}`, `  Fix: ${help.fix}`);
  }

  if (summary.outcomes.failed > 0) {
    lines.push(
      "",
      `${colour.yellow("failed")}  ${plural(summary.outcomes.failed, "row")} got no usable answer from the server, even after retries (no answer, a server error, or an answer that could not be read).`,
      "  The report's message column says why for each row.",
    );
  }

  if (summary.stopped !== undefined) {
    const reason = stopReasons[summary.stopped];
    lines.push("", colour.yellow(`Stopped early (${reason}): rows not yet sent are skipped.`));
  }

  if (context.command === "import" && summary.outcomes.skipped > 0) {
    lines.push(`To send the rows left, run: ${followUp(context, "--resume")}`);
  } else if (context.command === "import" && summary.outcomes.failed > 0) {
    lines.push("", `To send the failed rows again, run: ${followUp(context, "--retry-failed")}`);
  }

  lines.push("", `Report: ${context.reportPath}`);
  return `${lines.join("\n")}\n`;
}

const stopReasons = {
  interrupted: "Ctrl-C or a signal",
  unreachable: "the server stopped answering",
  login: "the login was lost",
  refused: "the server refused the whole study",
} as const;

/**
 * The same command with `--resume REPORT` (or `--retry-failed REPORT`) in place of any
 * `--report`, `--resume` or `--retry-failed` it had: those continue the report they name.
 */
function followUp(context: SummaryContext, flag: string): string {
  const args = context.argv ?? ["import", context.file];
  const kept: string[] = [];

  for (let index = 0; index < args.length; index++) {
    const arg = args[index] ?? "";
    if (["--report", "--resume", "--retry-failed"].includes(arg)) index++;
    else if (!/^--(report|resume|retry-failed)=/.test(arg)) kept.push(arg);
  }

  const program = context.program ?? ["oc-participants"];
  return [...program, ...kept, flag, context.reportPath].map(quote).join(" ");
}

/** A path as a shell would need it: quoted when it holds anything but safe characters. */
function quote(path: string): string {
  return /^[\w./=:@%+,-]+$/.test(path) ? path : `'${path.replaceAll("'", "'\\''")}'`;
}

function describeRows(rows: number[], shown: number): string {
  const listed = rows.slice(0, shown).join(", ");
  const more = rows.length > shown ? `, and ${rows.length - shown} more` : "";
  return `${plural(rows.length, "row")}: ${listed}${more}`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

import type { FatalCode } from "../errors.js";
import { isSuccess, type OutcomeKind } from "../import/outcome.js";
import type { RunSummary } from "../import/tally.js";

/** The exit codes, as the README documents them for CI authors. */
export const exitCodes = {
  ok: 0,
  someRowsNotOk: 1,
  usage: 2,
  login: 3,
  unreachable: 4,
  refused: 5,
} as const;

const fatalExitCodes: Record<FatalCode, number> = {
  usage: exitCodes.usage,
  input: exitCodes.usage,
  login: exitCodes.login,
  unreachable: exitCodes.unreachable,
  refused: exitCodes.refused,
};

export function exitCodeForFatal(code: FatalCode): number {
  return fatalExitCodes[code];
}

/** 0 when every row ended well, 1 when any row is invalid, in conflict, rejected, failed or skipped. */
export function exitCodeForSummary(summary: RunSummary): number {
  const notOk = Object.entries(summary.outcomes).some(
    ([kind, count]) => count > 0 && !isSuccess(kind as OutcomeKind),
  );
  return notOk ? exitCodes.someRowsNotOk : exitCodes.ok;
}

/** A run that stopped early: 3 when the login was lost, 4 when the server went away, else the signal's. */
export function exitCodeForStop(summary: RunSummary, signalExitCode: number | undefined): number {
  if (summary.stopped === "login") return exitCodes.login;
  if (summary.stopped === "unreachable") return exitCodes.unreachable;
  if (summary.stopped === "refused") return exitCodes.refused;
  return signalExitCode ?? exitCodeForSummary(summary);
}

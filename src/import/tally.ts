import { type OutcomeKind, outcomeKinds, type RowOutcome } from "./outcome.js";

/** The machine summary of a run, as `--json` prints it. */
export interface RunSummary {
  rows: number;
  outcomes: Record<OutcomeKind, number>;
  /** Each errorCode with the rows that have it, in input order. */
  errorCodes: Record<string, number[]>;
  /** Present when an import stopped before its end: why. */
  stopped?: "interrupted" | "unreachable" | "login" | "refused";
}

export interface Tally {
  add(outcome: RowOutcome): void;
  summary(): RunSummary;
}

export function createTally(): Tally {
  const outcomes = Object.fromEntries(outcomeKinds.map((kind) => [kind, 0])) as Record<
    OutcomeKind,
    number
  >;
  const errorCodes = new Map<string, number[]>();
  let rows = 0;

  return {
    add(outcome) {
      rows++;
      outcomes[outcome.outcome]++;

      if (outcome.errorCode !== null) {
        const list = errorCodes.get(outcome.errorCode) ?? [];
        list.push(outcome.row);
        errorCodes.set(outcome.errorCode, list);
      }
    },

    summary() {
      const sorted = [...errorCodes.entries()]
        .map(([code, list]) => [code, [...list].sort((a, b) => a - b)] as const)
        .sort(([, a], [, b]) => (a[0] ?? 0) - (b[0] ?? 0));
      return { rows, outcomes: { ...outcomes }, errorCodes: Object.fromEntries(sorted) };
    },
  };
}

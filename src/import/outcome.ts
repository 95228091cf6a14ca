import { localCodes } from "../contract/codes.js";
import type { CheckedRow } from "../validate/validate-file.js";

/**
 * Every input row ends with exactly one outcome. `valid` and `invalid` come from `validate`;
 * `plan` says what an import would do: `create`, `update`, `conflict` or `invalid`. An import
 * gives `invalid` (refused locally, not sent), `conflict` (the study holds the ID elsewhere or
 * removed: not sent), `created`, `updated`, `rejected` (the server's 400 and its errorCode),
 * `failed` (gave up after retries) or `skipped` (never tried).
 */
export const outcomeKinds = [
  "valid",
  "invalid",
  "create",
  "update",
  "conflict",
  "created",
  "updated",
  "rejected",
  "failed",
  "skipped",
] as const;

export type OutcomeKind = (typeof outcomeKinds)[number];

/** One line of the report. It names the participant by ID only: no contact detail ever. */
export interface RowOutcome {
  row: number;
  line: number;
  participantId: string | null;
  siteOid: string | null;
  outcome: OutcomeKind;
  errorCode: string | null;
  httpStatus: number | null;
  attempts: number;
  message: string | null;
}

const successes: ReadonlySet<OutcomeKind> = new Set([
  "valid",
  "create",
  "update",
  "created",
  "updated",
]);

export function isSuccess(outcome: OutcomeKind): boolean {
  return successes.has(outcome);
}

/** A row that is not sent because the study already holds its ID elsewhere, or removed. */
export function conflictOutcome(checked: CheckedRow, code: string, detail: string): RowOutcome {
  return rowOutcome(checked, {
    outcome: "conflict",
    errorCode: code,
    httpStatus: null,
    attempts: 0,
    message: detail,
  });
}

/** The outcome of a row refused by local checks: its first finding is the errorCode. */
export function invalidOutcome(checked: CheckedRow): RowOutcome {
  const [first, ...rest] = checked.findings;
  const described = checked.findings.map((finding) =>
    [finding.field ?? "row", finding.detail ?? finding.code].join(": "),
  );
  const others = rest.map((finding) => finding.code);

  return rowOutcome(checked, {
    outcome: "invalid",
    errorCode: first?.code ?? null,
    httpStatus: null,
    attempts: 0,
    message: [described[0], others.length > 0 ? `also ${others.join(", ")}` : undefined]
      .filter((part) => part !== undefined)
      .join("; "),
  });
}

export function validOutcome(checked: CheckedRow): RowOutcome {
  return rowOutcome(checked, {
    outcome: "valid",
    errorCode: null,
    httpStatus: null,
    attempts: 0,
    message: null,
  });
}

const skipReasons = {
  interrupted: {
    code: localCodes.interrupted,
    message: "the run was stopped before this row was sent",
  },
  unreachable: {
    code: localCodes.serverUnreachable,
    message: "the server stopped answering before this row was sent",
  },
  login: { code: localCodes.loginLost, message: "the login was lost before this row was sent" },
  refused: {
    code: localCodes.interrupted,
    message: "not sent: the server refused the whole study for an earlier row",
  },
} as const;

/**
 * A valid row the run never sent, because it stopped first; a resumed run sends it. When the
 * server's own code stopped the run (the enrollment cap, say), the row carries that code.
 */
export function skippedOutcome(
  checked: CheckedRow,
  reason: keyof typeof skipReasons,
  serverCode?: string,
): RowOutcome {
  const { code, message } = skipReasons[reason];
  return rowOutcome(checked, {
    outcome: "skipped",
    errorCode: serverCode ?? code,
    httpStatus: null,
    attempts: 0,
    message,
  });
}

/** What an outcome says besides where its row is. */
export type OutcomeDetails = Omit<RowOutcome, "row" | "line" | "participantId" | "siteOid">;

/**
 * A row's outcome: where the row is, and what became of it. It is written out field by field
 * rather than as `{ ...place, outcome }` because Node 20 takes a slow path for each property
 * written after an object spread (about 0.7 µs each), and every row of every run gets an
 * outcome: that alone was nearly a fifth of `validate`'s time (BENCHMARKS.md).
 */
export function rowOutcome(checked: CheckedRow, details: OutcomeDetails): RowOutcome {
  return {
    row: checked.row,
    line: checked.line,
    participantId: checked.participantId,
    siteOid: checked.siteOid,
    outcome: details.outcome,
    errorCode: details.errorCode,
    httpStatus: details.httpStatus,
    attempts: details.attempts,
    message: details.message,
  };
}

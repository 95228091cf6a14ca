import { localCodes } from "../contract/codes.js";
import type { CheckedRow } from "../validate/validate-file.js";

/**
 * Every input row ends with exactly one outcome. `valid` and `invalid` come from `validate`;
 * an import gives `invalid` (refused locally, not sent), `created`, `updated`, `rejected` (the
 * server's 400 and its errorCode), `failed` (gave up after retries) or `skipped` (never tried).
 */
export const outcomeKinds = [
  "valid",
  "invalid",
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

export function isSuccess(outcome: OutcomeKind): boolean {
  return outcome === "valid" || outcome === "created" || outcome === "updated";
}

/** The outcome of a row refused by local checks: its first finding is the errorCode. */
export function invalidOutcome(checked: CheckedRow): RowOutcome {
  const [first, ...rest] = checked.findings;
  const described = checked.findings.map((finding) =>
    [finding.field ?? "row", finding.detail ?? finding.code].join(": "),
  );
  const others = rest.map((finding) => finding.code);

  return {
    ...locate(checked),
    outcome: "invalid",
    errorCode: first?.code ?? null,
    httpStatus: null,
    attempts: 0,
    message: [described[0], others.length > 0 ? `also ${others.join(", ")}` : undefined]
      .filter((part) => part !== undefined)
      .join("; "),
  };
}

export function validOutcome(checked: CheckedRow): RowOutcome {
  return {
    ...locate(checked),
    outcome: "valid",
    errorCode: null,
    httpStatus: null,
    attempts: 0,
    message: null,
  };
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
} as const;

/** A valid row the run never sent, because it stopped first; a resumed run sends it. */
export function skippedOutcome(checked: CheckedRow, reason: keyof typeof skipReasons): RowOutcome {
  const { code, message } = skipReasons[reason];
  return {
    ...locate(checked),
    outcome: "skipped",
    errorCode: code,
    httpStatus: null,
    attempts: 0,
    message,
  };
}

export function locate(
  checked: CheckedRow,
): Pick<RowOutcome, "row" | "line" | "participantId" | "siteOid"> {
  return {
    row: checked.row,
    line: checked.line,
    participantId: checked.participantId,
    siteOid: checked.siteOid,
  };
}

import type { ParticipantApi } from "../client/api.js";
import { wholeStudyCodes } from "../plan/preflight.js";
import type { CheckedRow } from "../validate/validate-file.js";
import type { AdaptiveLimit } from "./adaptive-limit.js";
import { type RowOutcome, rowOutcome } from "./outcome.js";
import { withoutSentValues } from "./without-sent-values.js";

/** Why a run stopped before its end. */
export type StopReason = "interrupted" | "unreachable" | "login" | "refused";

export interface SendContext {
  api: ParticipantApi;
  /** Lower-cased participant IDs the study held before the run. */
  existing: Set<string>;
  studyOid: string;
  register: boolean;
  limit: AdaptiveLimit;
  stop: (reason: StopReason, code?: string) => void;
  /** Rows in a row that got no answer at all, even after their retries. */
  unanswered: { count: number };
}

/**
 * One row that gets no answer within its retries may be bad luck on a flaky network; this
 * many in a row, with no answer of any kind between them, means the server is gone.
 */
export const unansweredRowsBeforeStop = 3;

/** Posts one valid row and turns the server's word into the row's outcome. Never throws. */
export async function sendRow(checked: CheckedRow, context: SendContext): Promise<RowOutcome> {
  const siteOid = checked.siteOid ?? context.studyOid;
  const participantId = checked.participantId ?? "";
  const existed = context.existing.has(participantId.toLowerCase());

  const result = await context.api.postParticipant(
    { studyOid: context.studyOid, siteOid, register: checked.register ?? context.register },
    checked.body,
  );
  const { status: httpStatus, attempts } = result;
  const unanswered = result.kind === "failed" && result.fatal === "unreachable";
  context.unanswered.count = unanswered ? context.unanswered.count + 1 : 0;
  if (result.kind !== "failed" && result.attempts === 1) context.limit.clean();

  switch (result.kind) {
    case "ok":
      return rowOutcome(checked, {
        outcome: existed ? "updated" : "created",
        errorCode: null,
        httpStatus,
        attempts,
        message: null,
      });

    case "rejected":
      // A code about the whole study (the enrollment cap reached, say) would refuse every
      // row that follows, updates too: stop sending rather than collect identical refusals.
      if (wholeStudyCodes.has(result.code)) context.stop("refused", result.code);
      return rowOutcome(checked, {
        outcome: "rejected",
        errorCode: result.code,
        httpStatus,
        attempts,
        message: null,
      });

    case "failed":
      // A login that cannot be renewed, or several rows in a row with no answer at all: the
      // next rows would fare no better, so the run stops and leaves them for a resume.
      if (result.fatal === "login") context.stop("login");
      if (context.unanswered.count >= unansweredRowsBeforeStop) context.stop("unreachable");
      return rowOutcome(checked, {
        outcome: "failed",
        errorCode: null,
        httpStatus,
        attempts,
        message: withoutSentValues(result.reason, checked.body),
      });
  }
}

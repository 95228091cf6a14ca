import type { ParticipantApi } from "../client/api.js";
import { wholeStudyCodes } from "../plan/preflight.js";
import type { CheckedRow } from "../validate/validate-file.js";
import type { AdaptiveLimit } from "./adaptive-limit.js";
import { locate, type RowOutcome } from "./outcome.js";

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
}

/** Posts one valid row and turns the server's word into the row's outcome. Never throws. */
export async function sendRow(checked: CheckedRow, context: SendContext): Promise<RowOutcome> {
  const siteOid = checked.siteOid ?? context.studyOid;
  const participantId = checked.participantId ?? "";
  const existed = context.existing.has(participantId.toLowerCase());

  const result = await context.api.postParticipant(
    { studyOid: context.studyOid, siteOid, register: checked.register ?? context.register },
    checked.body,
  );
  const where = { ...locate(checked), httpStatus: result.status, attempts: result.attempts };
  if (result.kind !== "failed" && result.attempts === 1) context.limit.clean();

  switch (result.kind) {
    case "ok":
      return { ...where, outcome: existed ? "updated" : "created", errorCode: null, message: null };

    case "rejected":
      // A code about the whole study (the enrollment cap reached, say) would refuse every
      // row that follows, updates too: stop sending rather than collect identical refusals.
      if (wholeStudyCodes.has(result.code)) context.stop("refused", result.code);
      return { ...where, outcome: "rejected", errorCode: result.code, message: null };

    case "failed":
      // No answer at all within the retry budget, or a login that cannot be renewed: the
      // next rows would fare no better, so the run stops and leaves them for a resume.
      if (result.fatal === "login") context.stop("login");
      if (result.fatal === "unreachable") context.stop("unreachable");
      return { ...where, outcome: "failed", errorCode: null, message: result.reason };
  }
}

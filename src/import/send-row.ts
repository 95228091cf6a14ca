import type { ParticipantApi } from "../client/api.js";
import type { CheckedRow } from "../validate/validate-file.js";
import type { KnownParticipants } from "./known-participants.js";
import { locate, type RowOutcome } from "./outcome.js";

export interface SendContext {
  api: ParticipantApi;
  known: KnownParticipants;
  studyOid: string;
  register: boolean;
}

/** Posts one valid row and turns the server's word into the row's outcome. Never throws. */
export async function sendRow(checked: CheckedRow, context: SendContext): Promise<RowOutcome> {
  const siteOid = checked.siteOid ?? context.studyOid;
  const participantId = checked.participantId ?? "";
  const existed = await context.known.has(siteOid, participantId);

  const result = await context.api.postParticipant(
    { studyOid: context.studyOid, siteOid, register: context.register },
    checked.body,
  );
  const where = locate(checked);

  switch (result.kind) {
    case "ok":
      context.known.add(participantId);
      return {
        ...where,
        outcome: existed ? "updated" : "created",
        errorCode: null,
        httpStatus: result.status,
        attempts: result.attempts,
        message: null,
      };

    case "rejected":
      return {
        ...where,
        outcome: "rejected",
        errorCode: result.code,
        httpStatus: result.status,
        attempts: result.attempts,
        message: null,
      };

    case "failed":
      return {
        ...where,
        outcome: "failed",
        errorCode: null,
        httpStatus: result.status,
        attempts: result.attempts,
        message: result.reason,
      };
  }
}

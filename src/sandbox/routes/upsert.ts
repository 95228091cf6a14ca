import { serverCodes } from "../../contract/codes.js";
import type { ParticipantBody } from "../../contract/rules.js";
import {
  type ContactChanges,
  contactFields,
  type SandboxParticipant,
  type SandboxStore,
} from "../state/store.js";
import type { Target } from "./access.js";

export interface UpsertRequest {
  subjectKey: string;
  body: ParticipantBody;
  username: string;
  register: boolean;
}

export type UpsertResult =
  | { ok: true; participant: SandboxParticipant }
  | { ok: false; code: string };

/** Contract section 1, check 8: a removed participant's ID cannot be reused or updated. */
const removedStatuses = new Set(["DELETED", "AUTO_DELETED"]);

/** The first Participate status a registered participant gets (contract section 1). */
const registeredStatus = "Created";

/**
 * Contract section 1, checks 7 and 8. The conflict check compares IDs exactly and the lookup
 * ignores case, as 4.13 does, so `hh-0001` sent to one site can update `HH-0001` at another.
 */
export function upsertParticipant(
  store: SandboxStore,
  target: Target,
  request: UpsertRequest,
): UpsertResult {
  const { subjectKey, username } = request;
  const sameKey = store.participantsWithKey(target.study.oid, subjectKey);

  if (sameKey.some((known) => known.subjectKey === subjectKey && known.siteOid !== target.oid)) {
    return { ok: false, code: serverCodes.participantNotFound };
  }

  const existing = sameKey[0];
  const changes = pickContactChanges(request.body);

  if (existing === undefined) {
    const participateStatus = request.register ? registeredStatus : "";
    const draft = {
      studyOid: target.study.oid,
      siteOid: target.oid,
      subjectKey,
      participateStatus,
    };

    return { ok: true, participant: store.createParticipant(draft, changes, username) };
  }

  if (removedStatuses.has(existing.status.toUpperCase())) {
    return { ok: false, code: serverCodes.participantIdNotAvailable };
  }

  const registersNow = request.register && existing.participateStatus === "";
  const participateStatus = registersNow ? registeredStatus : undefined;
  const updated = store.updateParticipant(
    existing.subjectOid,
    changes,
    username,
    participateStatus,
  );

  // The participant was just read from the store, so it is there; the guard satisfies the types.
  if (updated === undefined) {
    throw new Error("A participant vanished between lookup and update.");
  }

  return { ok: true, participant: updated };
}

function pickContactChanges(body: ParticipantBody): ContactChanges {
  const changes: ContactChanges = {};

  for (const field of contactFields) {
    changes[field] = body[field];
  }

  return changes;
}

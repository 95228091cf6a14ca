import type { FixtureUser } from "../fixture/schema.js";
import { errorCodeReply, jsonReply, type Reply } from "../http/reply.js";
import type { SandboxStore } from "../state/store.js";
import { checkRole, findTarget } from "./access.js";

export interface ListParticipantsRequest {
  studyOid: string;
  /** Undefined for `GET .../studies/{studyOID}/participants`, the whole study. */
  siteOid: string | undefined;
  user: FixtureUser;
}

/**
 * `GET .../sites/{siteOID}/participants` and `GET .../studies/{studyOID}/participants` (contract
 * section 3). Both run checks 1 and 2 of the POST; the whole-study listing, like a study-level
 * add, needs a role on the study itself. Removed participants are listed with their status, and
 * the listing never carries contact fields.
 */
export function listParticipants(request: ListParticipantsRequest, store: SandboxStore): Reply {
  const wholeStudy = request.siteOid === undefined;
  const siteOid = request.siteOid ?? request.studyOid;
  const fail = (code: string) => errorCodeReply(code, { studyOid: request.studyOid, siteOid });
  const found = findTarget(store, request.studyOid, siteOid);

  if (!found.ok) {
    return fail(found.code);
  }

  const { target } = found;
  const roleProblem = checkRole(request.user, target, "read");

  if (roleProblem !== undefined) {
    return fail(roleProblem);
  }

  // A site OID equal to the study OID names the study's own level: only the participants added
  // there, just as a POST to it adds them there.
  const listed = store
    .participantsOfStudy(target.study.oid)
    .filter((participant) => wholeStudy || participant.siteOid === target.oid);

  const studyParticipants = listed.map((participant) => ({
    subjectKey: participant.subjectKey,
    subjectOid: participant.subjectOid,
    status: participant.status,
    createdBy: participant.createdBy,
    createdAt: participant.createdAt,
    lastModified: participant.lastModified,
    lastModifiedBy: participant.lastModifiedBy,
  }));

  return jsonReply(200, { studyParticipants, siteOID: target.oid, siteName: target.name });
}

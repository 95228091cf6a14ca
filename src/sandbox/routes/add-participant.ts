import type { IncomingMessage } from "node:http";
import { serverCodes } from "../../contract/codes.js";
import { checkParticipantFields, type ParticipantBody } from "../../contract/rules.js";
import type { FixtureUser } from "../fixture/schema.js";
import { readJsonBody } from "../http/read-body.js";
import { errorCodeReply, htmlReply, jsonReply, type Reply } from "../http/reply.js";
import type { SandboxStore } from "../state/store.js";
import { checkRole, findTarget, type Target } from "./access.js";
import { upsertParticipant } from "./upsert.js";

export interface AddParticipantRequest {
  studyOid: string;
  siteOid: string;
  register: string | null;
  user: FixtureUser;
}

const bodyFields = [
  "subjectKey",
  "firstName",
  "lastName",
  "identifier",
  "emailAddress",
  "phoneNumber",
] as const;

/** Statuses that count against an enrollment cap (contract section 1, check 5). */
const enrolledStatuses = new Set(["AVAILABLE", "SIGNED"]);

/**
 * `POST .../studies/{studyOID}/sites/{siteOID}/participants` (contract section 1). The checks run
 * in the contract's order and the first failure is the answer, so a client can rely on which
 * code it gets when several things are wrong.
 */
export async function addParticipant(
  incoming: IncomingMessage,
  request: AddParticipantRequest,
  store: SandboxStore,
): Promise<Reply> {
  const json = await readJsonBody(incoming);

  if (!json.ok) {
    return json.reply;
  }

  // Spring binds the body before the controller runs its checks, so a body that does not fit
  // the contract's all-strings shape is a malformed request (HTML 400), not an errorCode.
  const body = toParticipantBody(json.value);

  if (body === undefined) {
    return htmlReply(400, "The request body must be a JSON object whose fields are strings.");
  }

  const fail = (code: string) => errorCodeReply(code, request);
  const found = findTarget(store, request.studyOid, request.siteOid);

  if (!found.ok) {
    return fail(found.code);
  }

  const { target } = found;
  const roleProblem = checkRole(request.user, target, "add");

  if (roleProblem !== undefined) {
    return fail(roleProblem);
  }

  const register = isYes(request.register);

  if (register && !target.study.participateEnabled) {
    return fail(serverCodes.participateNotEnabled);
  }

  if (target.study.participantIdGeneration === "systemGenerated") {
    return fail(serverCodes.systemGeneratedId);
  }

  if (isCapReached(store, target)) {
    return fail(serverCodes.enrollmentCapReached);
  }

  // The field rules already refuse a missing ID; testing it again tells the types it is there.
  const fieldProblem = checkParticipantFields(body)[0];

  if (fieldProblem !== undefined || !body.subjectKey) {
    return fail(fieldProblem?.code ?? serverCodes.missingParticipantId);
  }

  const upserted = upsertParticipant(store, target, {
    subjectKey: body.subjectKey,
    body,
    username: request.user.username,
    register,
  });

  if (!upserted.ok) {
    return fail(upserted.code);
  }

  const { subjectKey, subjectOid, status, participateStatus } = upserted.participant;
  return jsonReply(200, { subjectKey, subjectOid, status, participateStatus });
}

/** Contract section 1: `y` or `yes` in any case means yes; anything else, or nothing, means no. */
function isYes(register: string | null): boolean {
  const answer = register?.toLowerCase();
  return answer === "y" || answer === "yes";
}

/**
 * Contract section 1, check 5: the cap applies when the study or the site enforces it, counts
 * the whole study, and runs before the ID is looked up, so a full study refuses updates too.
 */
function isCapReached(store: SandboxStore, target: Target): boolean {
  const cap = target.study.enrollmentCap;
  const enforced = cap?.enforced === true || target.site?.enforceCap === true;

  if (cap === undefined || !enforced) {
    return false;
  }

  const enrolled = store
    .participantsOfStudy(target.study.oid)
    .filter((participant) => enrolledStatuses.has(participant.status.toUpperCase()));

  return enrolled.length >= cap.expectedTotal;
}

/** The six contract fields, when every one present is a string or null; unknown keys are ignored. */
function toParticipantBody(value: unknown): ParticipantBody | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return undefined;
  }

  const record = value as Record<string, unknown>;
  const body: ParticipantBody = {};

  for (const field of bodyFields) {
    const fieldValue = record[field];

    if (fieldValue !== undefined && fieldValue !== null && typeof fieldValue !== "string") {
      return undefined;
    }

    body[field] = fieldValue;
  }

  return body;
}

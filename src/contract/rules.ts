import { serverCodes } from "./codes.js";

/**
 * The field rules of contract section 1, check 6, in the server's order. The validator and
 * the sandbox both call `checkParticipantFields`, so the two cannot drift apart.
 */

/** The request body of contract section 1; every field is a JSON string. */
export interface ParticipantBody {
  subjectKey?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  identifier?: string | null;
  emailAddress?: string | null;
  phoneNumber?: string | null;
}

export type ParticipantField = keyof ParticipantBody;

export interface FieldProblem {
  field: ParticipantField;
  code: string;
}

export const limits = {
  subjectKey: 30,
  firstName: 35,
  lastName: 35,
  identifier: 35,
  emailAddress: 255,
  phoneNumber: 17,
} as const satisfies Record<ParticipantField, number>;

/** Contract section 1, "Email rule": ASCII only, and the domain needs at least one dot. */
export const emailPattern =
  /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;

/** Contract section 1, "Phone rule": a plus, a 1-3 digit calling code, one space, digits. */
export const phonePattern = /^\+[0-9]{1,3} [0-9]{1,14}$/;

const htmlCharacters = /[<>]/;

/**
 * Every field problem in the body, in the order the server checks them. The server answers
 * only the first; a client may show the rest. Lengths are UTF-16 code units, the same as
 * Java's `String.length()`, which is what JavaScript's `.length` counts.
 */
export function checkParticipantFields(body: ParticipantBody): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const add = (field: ParticipantField, code: string) => problems.push({ field, code });

  const id = body.subjectKey;
  if (isAbsent(id)) {
    add("subjectKey", serverCodes.missingParticipantId);
  } else {
    if (htmlCharacters.test(id)) add("subjectKey", serverCodes.participantIdHtml);
    if (id.length > limits.subjectKey) add("subjectKey", serverCodes.participantIdTooLong);
  }

  if (tooLong(body.firstName, limits.firstName)) add("firstName", serverCodes.firstNameTooLong);
  if (tooLong(body.lastName, limits.lastName)) add("lastName", serverCodes.lastNameTooLong);
  if (tooLong(body.identifier, limits.identifier)) add("identifier", serverCodes.identifierTooLong);

  const email = body.emailAddress;
  if (!isAbsent(email)) {
    if (email.length > limits.emailAddress) add("emailAddress", serverCodes.emailAddressTooLong);
    else if (!emailPattern.test(email)) add("emailAddress", serverCodes.invalidEmailAddress);
  }

  const phone = body.phoneNumber;
  if (!isAbsent(phone)) {
    if (phone.length > limits.phoneNumber) add("phoneNumber", serverCodes.phoneNumberTooLong);
    else if (!phonePattern.test(phone)) add("phoneNumber", serverCodes.invalidPhoneNumber);
  }

  return problems;
}

/** Contract: "A `null` or `""` field skips its checks." */
function isAbsent(value: string | null | undefined): value is null | undefined | "" {
  return value === undefined || value === null || value === "";
}

function tooLong(value: string | null | undefined, limit: number): boolean {
  return !isAbsent(value) && value.length > limit;
}

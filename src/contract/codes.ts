/**
 * Every errorCode this project knows, exactly as it travels on the wire.
 *
 * Server codes come from the contract (section 1, "Order of the server's checks"); where the
 * docs and OpenClinica 4.13 name a code differently, both spellings are listed so that a
 * report can key on whatever the server sent. Local codes start with `local.` so that they
 * can never be mistaken for an answer from a server.
 */
export const serverCodes = {
  studyNotExist: "errorCode.studyNotExist",
  siteNotExist: "errorCode.siteNotExist",
  studyNotAvailable: "errorCode.studyNotAvailable",
  siteNotAvailable: "errorCode.siteNotAvailable",
  siteNotInStudy: "errorCode.siteNotExist",
  noRoleSetUp: "errorCode.noRoleSetUp",
  noSufficientPrivileges: "errorCode.noSufficientPrivileges",
  participateNotEnabled: "errorCode.participateNotEnabled",
  participateInActive: "errorCode.participateInActive",
  systemGeneratedId: "errorCode.studyHasSystemGeneratedIdEnabled",
  enrollmentCapReached: "errorCode.participantsEnrollmentCapReached",
  missingParticipantId: "errorCode.missingParticipantIdData",
  participantIdHtml: "errorCode.participantIDContainsUnsupportedHTMLCharacter",
  participantIdTooLong: "errorCode.participantIDLongerThan30Characters",
  participantIdTooLong413: "errorCode.participantIdTooLong",
  firstNameTooLong: "errorCode.firstNameTooLong",
  lastNameTooLong: "errorCode.lastNameTooLong",
  identifierTooLong: "errorCode.identifierTooLong",
  emailAddressTooLong: "errorCode.emailAddressTooLong",
  invalidEmailAddress: "errorCode.invalidEmailAddress",
  phoneNumberTooLong: "errorCode.phoneNumberTooLong",
  invalidPhoneNumber: "errorCode.invalidPhoneNumber",
  participantNotFound: "errorCode.participantNotFound",
  participantIdNotAvailable: "errorCode.participantIDNotAvailable",
} as const;

export const localCodes = {
  duplicateParticipantId: "local.duplicateParticipantId",
  missingSite: "local.missingSiteOid",
  invalidSiteOid: "local.invalidSiteOid",
  malformedRow: "local.malformedRow",
  recordTooLarge: "local.recordTooLarge",
  undecodableText: "local.undecodableText",
  controlCharacter: "local.controlCharacter",
  interrupted: "local.interrupted",
  serverUnreachable: "local.serverUnreachable",
  loginLost: "local.loginLost",
  participantAtOtherSite: "local.participantAtOtherSite",
  participantIdCaseDiffers: "local.participantIdCaseDiffers",
  participantRemoved: "local.participantRemoved",
  invalidRegisterValue: "local.invalidRegisterValue",
} as const;

export type ServerCode = (typeof serverCodes)[keyof typeof serverCodes];
export type LocalCode = (typeof localCodes)[keyof typeof localCodes];

/** A code as a server sent it may be one this project has never heard of, so keep it a string. */
export type ErrorCode = ServerCode | LocalCode | (string & {});

export function isLocalCode(code: string): boolean {
  return code.startsWith("local.");
}

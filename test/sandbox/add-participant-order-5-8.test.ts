import { serverCodes as codes } from "../../src/contract/codes.js";
import { badPhone, type CheckCase, describeCheckTables, withoutId } from "./check-table.js";
import { cappedSite, fullStudy, harbor, lyon, siteCapStudy, uncappedSite } from "./support.js";

const x = (length: number) => "x".repeat(length);
const email = (length: number) => `${"a".repeat(length - "@example.org".length)}@example.org`;

// Contract section 1, "Order of the server's checks", checks 5-8. Each table has cases in which
// an earlier check wins over a later one that would also fail.
const capCases: CheckCase[] = [
  { name: "full study, new ID", at: [fullStudy], expected: codes.enrollmentCapReached },
  {
    name: "full study, update",
    at: [fullStudy],
    body: { subjectKey: "FULL-1" },
    expected: codes.enrollmentCapReached,
  },
  {
    name: "full study, bad phone",
    at: [fullStudy],
    body: { phoneNumber: badPhone },
    expected: codes.enrollmentCapReached,
  },
  {
    name: "site enforcing the cap",
    at: [siteCapStudy, cappedSite],
    expected: codes.enrollmentCapReached,
  },
  { name: "site not enforcing it", at: [siteCapStudy, uncappedSite], expected: "ok" },
  { name: "cap not enforced", at: [harbor, lyon], expected: "ok" },
];

const fieldCases: CheckCase[] = [
  { name: "missing ID", body: withoutId, expected: codes.missingParticipantId },
  { name: "null ID", body: { subjectKey: null }, expected: codes.missingParticipantId },
  { name: "empty ID", body: { subjectKey: "" }, expected: codes.missingParticipantId },
  { name: "HTML in the ID", body: { subjectKey: "F<1>" }, expected: codes.participantIdHtml },
  { name: "ID over 30", body: { subjectKey: x(31) }, expected: codes.participantIdTooLong },
  { name: "ID of 30", body: { subjectKey: x(30) }, expected: "ok" },
  { name: "first name over 35", body: { firstName: x(36) }, expected: codes.firstNameTooLong },
  { name: "last name over 35", body: { lastName: x(36) }, expected: codes.lastNameTooLong },
  { name: "identifier over 35", body: { identifier: x(36) }, expected: codes.identifierTooLong },
  {
    name: "email over 255",
    body: { emailAddress: email(256) },
    expected: codes.emailAddressTooLong,
  },
  { name: "email of 255", body: { emailAddress: email(255) }, expected: "ok" },
  {
    name: "email, undotted domain",
    body: { emailAddress: "a@local" },
    expected: codes.invalidEmailAddress,
  },
  {
    name: "phone over 17",
    body: { phoneNumber: `+1 ${"5".repeat(15)}` },
    expected: codes.phoneNumberTooLong,
  },
  {
    name: "phone without a space",
    body: { phoneNumber: badPhone },
    expected: codes.invalidPhoneNumber,
  },
  {
    name: "first bad field wins",
    body: { lastName: x(36), phoneNumber: badPhone },
    expected: codes.lastNameTooLong,
  },
  { name: "null fields skip checks", body: { firstName: null, phoneNumber: null }, expected: "ok" },
];

const lookupCases: CheckCase[] = [
  {
    name: "ID at another site",
    body: { subjectKey: "HH-LYO-0001" },
    expected: codes.participantNotFound,
  },
  {
    name: "ID at study level",
    body: { subjectKey: "HH-STUDY-01" },
    expected: codes.participantNotFound,
  },
  {
    name: "fields before the conflict",
    body: { subjectKey: "HH-LYO-0001", phoneNumber: badPhone },
    expected: codes.invalidPhoneNumber,
  },
  {
    name: "conflict before removed",
    at: [harbor, lyon],
    body: { subjectKey: "HH-BOS-0099" },
    expected: codes.participantNotFound,
  },
  {
    name: "removed participant",
    body: { subjectKey: "HH-BOS-0099" },
    expected: codes.participantIdNotAvailable,
  },
  {
    name: "auto-removed, other case",
    body: { subjectKey: "hh-bos-0098" },
    expected: codes.participantIdNotAvailable,
  },
];

describeCheckTables([
  { check: "5. enrollment cap", cases: capCases },
  { check: "6. fields", cases: fieldCases },
  { check: "7-8. conflict and removed", cases: lookupCases },
]);

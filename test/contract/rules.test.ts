import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  checkParticipantFields,
  type FieldProblem,
  type ParticipantBody,
} from "../../src/contract/rules.js";

/** Two UTF-16 code units, one character on screen: Java's `String.length()` counts it as 2. */
const emoji = "😀";

const missingId: FieldProblem = {
  field: "subjectKey",
  code: "errorCode.missingParticipantIdData",
};
const htmlId: FieldProblem = {
  field: "subjectKey",
  code: "errorCode.participantIDContainsUnsupportedHTMLCharacter",
};
const longId: FieldProblem = {
  field: "subjectKey",
  code: "errorCode.participantIDLongerThan30Characters",
};
const longFirstName: FieldProblem = { field: "firstName", code: "errorCode.firstNameTooLong" };
const longLastName: FieldProblem = { field: "lastName", code: "errorCode.lastNameTooLong" };
const longIdentifier: FieldProblem = { field: "identifier", code: "errorCode.identifierTooLong" };
const longEmail: FieldProblem = { field: "emailAddress", code: "errorCode.emailAddressTooLong" };
const badEmail: FieldProblem = { field: "emailAddress", code: "errorCode.invalidEmailAddress" };
const longPhone: FieldProblem = { field: "phoneNumber", code: "errorCode.phoneNumberTooLong" };
const badPhone: FieldProblem = { field: "phoneNumber", code: "errorCode.invalidPhoneNumber" };

const ok = "HH-BOS-0001";

interface Case {
  name: string;
  input: ParticipantBody;
  expected: FieldProblem[];
}

const participantIdCases: Case[] = [
  { name: "an absent ID is missing", input: {}, expected: [missingId] },
  { name: "a null ID is missing", input: { subjectKey: null }, expected: [missingId] },
  { name: "an empty ID is missing", input: { subjectKey: "" }, expected: [missingId] },
  { name: "a plain ID passes", input: { subjectKey: ok }, expected: [] },
  { name: "an ID with < is refused", input: { subjectKey: "<HH-1" }, expected: [htmlId] },
  { name: "an ID with > is refused", input: { subjectKey: "HH-1>" }, expected: [htmlId] },
  { name: "an ID of exactly 30 passes", input: { subjectKey: "A".repeat(30) }, expected: [] },
  { name: "an ID of 31 is too long", input: { subjectKey: "A".repeat(31) }, expected: [longId] },
  {
    name: "an ID with < and 31 characters lists HTML first",
    input: { subjectKey: `<${"A".repeat(30)}` },
    expected: [htmlId, longId],
  },
  {
    name: "an emoji counts two units: 28 + emoji = 30 passes",
    input: { subjectKey: `${"A".repeat(28)}${emoji}` },
    expected: [],
  },
  {
    name: "an emoji counts two units: 29 + emoji = 31 is too long",
    input: { subjectKey: `${"A".repeat(29)}${emoji}` },
    expected: [longId],
  },
  {
    name: "a space-padded ID is not trimmed: 29 + space + space = 31 is too long",
    input: { subjectKey: ` ${"A".repeat(29)} ` },
    expected: [longId],
  },
];

/** A body with a good participant ID, so that only the field under test can fail. */
const withId = (cases: Case[]): Case[] =>
  cases.map((c) => ({ ...c, input: { subjectKey: ok, ...c.input } }));

const nameLimits = [
  { field: "firstName", problem: longFirstName },
  { field: "lastName", problem: longLastName },
  { field: "identifier", problem: longIdentifier },
] as const;

const nameCases: Case[] = withId(
  nameLimits.flatMap(({ field, problem }): Case[] => [
    { name: `${field} of exactly 35 passes`, input: { [field]: "x".repeat(35) }, expected: [] },
    { name: `${field} of 36 is too long`, input: { [field]: "x".repeat(36) }, expected: [problem] },
    {
      name: `${field} of 33 + emoji = 35 units passes`,
      input: { [field]: `${"x".repeat(33)}${emoji}` },
      expected: [],
    },
    {
      name: `${field} of 34 + emoji = 36 units is too long`,
      input: { [field]: `${"x".repeat(34)}${emoji}` },
      expected: [problem],
    },
    { name: `${field} null skips its check`, input: { [field]: null }, expected: [] },
    { name: `${field} "" skips its check`, input: { [field]: "" }, expected: [] },
  ]),
);

const at255 = `${"a".repeat(243)}@example.org`;

const emailCases: Case[] = withId([
  { name: "a plain email passes", input: { emailAddress: "ada@example.org" }, expected: [] },
  {
    name: "plus, apostrophe and subdomain pass",
    input: { emailAddress: "o'brien+heart@mail.example.co.uk" },
    expected: [],
  },
  { name: "an email of exactly 255 passes", input: { emailAddress: at255 }, expected: [] },
  {
    name: "an email of 256 is too long",
    input: { emailAddress: `a${at255}` },
    expected: [longEmail],
  },
  {
    name: "an over-long email that also breaks the rule is only too long",
    input: { emailAddress: `${"a b".repeat(90)}@nodot` },
    expected: [longEmail],
  },
  {
    name: "no dot in the domain fails",
    input: { emailAddress: "ana@localhost" },
    expected: [badEmail],
  },
  {
    name: "a Unicode local part fails",
    input: { emailAddress: "zoë.andersen@example.org" },
    expected: [badEmail],
  },
  {
    name: "a Unicode domain fails",
    input: { emailAddress: "ana@exämple.org" },
    expected: [badEmail],
  },
  {
    name: "a quoted local part fails",
    input: { emailAddress: '"ana"@example.org' },
    expected: [badEmail],
  },
  {
    name: "a space in the local part fails",
    input: { emailAddress: "jean pierre@example.net" },
    expected: [badEmail],
  },
  { name: "no @ fails", input: { emailAddress: "ana.example.org" }, expected: [badEmail] },
  { name: "two @ fail", input: { emailAddress: "ana@b@example.org" }, expected: [badEmail] },
  {
    name: "a leading dot fails",
    input: { emailAddress: ".ana@example.org" },
    expected: [badEmail],
  },
  {
    name: "two dots in a row fail",
    input: { emailAddress: "a..b@example.org" },
    expected: [badEmail],
  },
  {
    name: "a domain label ending in a hyphen fails",
    input: { emailAddress: "ana@example-.org" },
    expected: [badEmail],
  },
  { name: "a null email skips its checks", input: { emailAddress: null }, expected: [] },
  { name: 'an "" email skips its checks', input: { emailAddress: "" }, expected: [] },
]);

const phoneCases: Case[] = withId([
  { name: "+1 6175550123 passes", input: { phoneNumber: "+1 6175550123" }, expected: [] },
  { name: "the docs' sample passes", input: { phoneNumber: "+1 1234567890" }, expected: [] },
  { name: "a 3-digit code passes", input: { phoneNumber: "+353 851234567" }, expected: [] },
  { name: "no space fails", input: { phoneNumber: "+16175550123" }, expected: [badPhone] },
  { name: "no plus fails", input: { phoneNumber: "6175550123" }, expected: [badPhone] },
  { name: "two spaces fail", input: { phoneNumber: "+1 617 555 0123" }, expected: [badPhone] },
  { name: "a 4-digit code fails", input: { phoneNumber: "+1234 5550123" }, expected: [badPhone] },
  { name: "a hyphen fails", input: { phoneNumber: "+1 617-5550123" }, expected: [badPhone] },
  {
    name: "exactly 17 passes",
    input: { phoneNumber: "+1 12345678901234" },
    expected: [],
  },
  {
    name: "18 characters are too long before the pattern is tried",
    input: { phoneNumber: "+1 123456789012345" },
    expected: [longPhone],
  },
  {
    name: "18 characters that also break the pattern are only too long",
    input: { phoneNumber: "+1 617 555 0123 45" },
    expected: [longPhone],
  },
  { name: "a null phone skips its checks", input: { phoneNumber: null }, expected: [] },
  { name: 'an "" phone skips its checks', input: { phoneNumber: "" }, expected: [] },
]);

const orderCases: Case[] = [
  {
    name: "every field wrong lists every problem in the contract's order",
    input: {
      subjectKey: `<${"A".repeat(30)}>`,
      firstName: "x".repeat(36),
      lastName: "x".repeat(36),
      identifier: "x".repeat(36),
      emailAddress: "ana@localhost",
      phoneNumber: "+16175550123",
    },
    expected: [htmlId, longId, longFirstName, longLastName, longIdentifier, badEmail, badPhone],
  },
  {
    name: "a missing ID comes before the other fields' problems",
    input: {
      lastName: "x".repeat(36),
      firstName: "x".repeat(36),
      phoneNumber: "+1 123456789012345",
      emailAddress: `a${at255}`,
    },
    expected: [missingId, longFirstName, longLastName, longEmail, longPhone],
  },
];

describe("checkParticipantFields", () => {
  const tables = {
    "participant ID": participantIdCases,
    "names and secondary ID": nameCases,
    email: emailCases,
    phone: phoneCases,
    order: orderCases,
  };

  for (const [title, cases] of Object.entries(tables)) {
    describe(title, () => {
      it.each(cases)("$name", ({ input, expected }) => {
        const problems = checkParticipantFields(input);

        expect(problems).toEqual(expected);
      });
    });
  }

  it("gives problems in the contract's order for any body, never throwing", () => {
    const order = [
      missingId,
      htmlId,
      longId,
      longFirstName,
      longLastName,
      longIdentifier,
      longEmail,
      badEmail,
      longPhone,
      badPhone,
    ].map((problem) => problem.code);
    const field = fc.option(fc.oneof(fc.string({ maxLength: 40 }), fc.string({ maxLength: 300 })));
    const body = fc.record(
      {
        subjectKey: field,
        firstName: field,
        lastName: field,
        identifier: field,
        emailAddress: field,
        phoneNumber: field,
      },
      { requiredKeys: [] },
    );

    fc.assert(
      fc.property(body, (input) => {
        const positions = checkParticipantFields(input).map((p) => order.indexOf(p.code));

        expect(positions.every((position) => position >= 0)).toBe(true);
        expect(positions).toEqual([...positions].sort((a, b) => a - b));
        expect(new Set(positions).size).toBe(positions.length);
      }),
    );
  });
});

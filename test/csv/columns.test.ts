import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type ColumnField,
  columnFields,
  mapColumns,
  normaliseHeader,
  recognisedField,
} from "../../src/csv/columns.js";
import { FatalError } from "../../src/errors.js";

/** Runs `act` and returns its value or what it threw. */
function attempt<T>(act: () => T): { value: T } | { error: unknown } {
  try {
    return { value: act() };
  } catch (error) {
    return { error };
  }
}

/** Runs `act` and returns what it threw, so that a test can assert on the error's fields. */
function thrownBy(act: () => unknown): unknown {
  try {
    act();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw, but nothing was thrown");
}

const aliasCases: { name: string; input: string; expected: ColumnField }[] = [
  { name: "template ParticipantID", input: "ParticipantID", expected: "subjectKey" },
  { name: "template FirstName", input: "FirstName", expected: "firstName" },
  { name: "template LastName", input: "LastName", expected: "lastName" },
  { name: "template EmailAddress", input: "EmailAddress", expected: "emailAddress" },
  { name: "template MobileNumber", input: "MobileNumber", expected: "phoneNumber" },
  { name: "API subjectKey", input: "subjectKey", expected: "subjectKey" },
  { name: "API identifier", input: "identifier", expected: "identifier" },
  { name: "API emailAddress", input: "emailAddress", expected: "emailAddress" },
  { name: "API phoneNumber", input: "phoneNumber", expected: "phoneNumber" },
  { name: "plain Participant ID", input: "Participant ID", expected: "subjectKey" },
  { name: "plain Secondary ID", input: "Secondary ID", expected: "identifier" },
  { name: "plain Email", input: "Email", expected: "emailAddress" },
  { name: "plain Mobile", input: "Mobile", expected: "phoneNumber" },
  { name: "plain Phone", input: "Phone", expected: "phoneNumber" },
  { name: "plain Site", input: "Site", expected: "siteOid" },
  { name: "plain Site OID", input: "Site OID", expected: "siteOid" },
  { name: "Study Subject ID", input: "Study Subject ID", expected: "subjectKey" },
  { name: "Study Participant ID", input: "Study Participant ID", expected: "subjectKey" },
  { name: "Subject ID", input: "Subject ID", expected: "subjectKey" },
  { name: "Given Name", input: "Given Name", expected: "firstName" },
  { name: "Forename", input: "Forename", expected: "firstName" },
  { name: "Surname", input: "Surname", expected: "lastName" },
  { name: "Family Name", input: "Family Name", expected: "lastName" },
  { name: "Secondary Identifier", input: "Secondary Identifier", expected: "identifier" },
  { name: "Secondary Label", input: "Secondary Label", expected: "identifier" },
  { name: "Mobile Phone", input: "Mobile Phone", expected: "phoneNumber" },
  { name: "Cell Phone", input: "Cell Phone", expected: "phoneNumber" },
  { name: "upper case", input: "PARTICIPANT ID", expected: "subjectKey" },
  { name: "snake case", input: "participant_id", expected: "subjectKey" },
  { name: "kebab case", input: "site-oid", expected: "siteOid" },
  { name: "dotted", input: "E.Mail", expected: "emailAddress" },
  { name: "padded with spaces", input: "  First  Name ", expected: "firstName" },
  { name: "a leading BOM", input: "\uFEFFParticipant ID", expected: "subjectKey" },
  { name: "full-width letters (NFKC)", input: "Ｅｍａｉｌ", expected: "emailAddress" },
];

describe("mapColumns", () => {
  it.each(aliasCases)("maps $name ($input) to $expected", ({ input, expected }) => {
    const headers = expected === "subjectKey" ? ["Notes", input] : ["Participant ID", input];

    const { positions } = mapColumns(headers);

    expect(positions[expected]).toBe(1);
  });

  it("maps a full template header to every field", () => {
    const headers = [
      "ParticipantID",
      "Site OID",
      "FirstName",
      "LastName",
      "Secondary ID",
      "EmailAddress",
      "MobileNumber",
    ];

    const { positions, ignored } = mapColumns(headers);

    expect(positions).toEqual({
      subjectKey: 0,
      siteOid: 1,
      firstName: 2,
      lastName: 3,
      identifier: 4,
      emailAddress: 5,
      phoneNumber: 6,
    });
    expect(ignored).toEqual([]);
  });

  it("refuses a file without an ID column, listing the headers seen", () => {
    const headers = ["Name", "E-mail", "Site"];

    const error = thrownBy(() => mapColumns(headers));

    expect(error).toBeInstanceOf(FatalError);
    expect((error as FatalError).code).toBe("input");
    for (const header of headers) expect((error as FatalError).message).toContain(`"${header}"`);
  });

  it.each([
    {
      name: "two ID columns",
      input: ["Participant ID", "Subject ID"],
      expected: ["Participant ID", "Subject ID"],
    },
    {
      name: "two email columns",
      input: ["Participant ID", "Email", "E-mail Address"],
      expected: ["Email", "E-mail Address"],
    },
    {
      name: "two phone columns",
      input: ["Participant ID", "Mobile", "Phone"],
      expected: ["Mobile", "Phone"],
    },
    {
      name: "Site and Site OID",
      input: ["Participant ID", "Site", "Site OID"],
      expected: ["Site", "Site OID"],
    },
  ])("refuses $name claiming one field", ({ input, expected }) => {
    const error = thrownBy(() => mapColumns(input));

    expect(error).toBeInstanceOf(FatalError);
    expect((error as FatalError).code).toBe("input");
    for (const header of expected) expect((error as FatalError).message).toContain(`"${header}"`);
  });

  it.each([
    {
      name: "an unknown header becomes the ID column",
      input: { headers: ["Study No", "Email"], overrides: { subjectKey: "Study No" } },
      expected: { subjectKey: 0, emailAddress: 1 },
    },
    {
      name: "the override's header is matched ignoring case and spaces",
      input: { headers: ["Study No", "Email"], overrides: { subjectKey: "study_no" } },
      expected: { subjectKey: 0, emailAddress: 1 },
    },
    {
      name: "an override settles two alias matches",
      input: { headers: ["Participant ID", "Subject ID"], overrides: { subjectKey: "Subject ID" } },
      expected: { subjectKey: 1 },
    },
    {
      name: "an override replaces the field's aliases",
      input: {
        headers: ["Participant ID", "Mobile", "Phone"],
        overrides: { phoneNumber: "Mobile" },
      },
      expected: { subjectKey: 0, phoneNumber: 1 },
    },
    {
      name: "a column chosen for one field is not claimed by another field's aliases",
      input: {
        headers: ["Participant ID", "Subject ID"],
        overrides: { identifier: "Subject ID" },
      },
      expected: { subjectKey: 0, identifier: 1 },
    },
    {
      name: "two fields each get a column no alias names",
      input: {
        headers: ["Study No", "Hospital No", "Email"],
        overrides: { subjectKey: "Study No", identifier: "Hospital No" },
      },
      expected: { subjectKey: 0, identifier: 1, emailAddress: 2 },
    },
    {
      name: "a field is mapped to the column its own name finds",
      input: { headers: ["Participant ID", "First Name"], overrides: { firstName: "First Name" } },
      expected: { subjectKey: 0, firstName: 1 },
    },
    {
      name: "two recognised columns swap fields",
      input: {
        headers: ["Participant ID", "Secondary ID"],
        overrides: { subjectKey: "Secondary ID", identifier: "Participant ID" },
      },
      expected: { subjectKey: 1, identifier: 0 },
    },
    {
      name: "a participant ID column left by --map subjectKey is mapped to another field",
      input: {
        headers: ["Participant ID", "Study No"],
        overrides: { subjectKey: "Study No", identifier: "Participant ID" },
      },
      expected: { subjectKey: 1, identifier: 0 },
    },
  ] satisfies {
    name: string;
    input: { headers: string[]; overrides: Partial<Record<ColumnField, string>> };
    expected: Partial<Record<ColumnField, number>>;
  }[])("with --map, $name", ({ input, expected }) => {
    const { positions } = mapColumns(input.headers, input.overrides);

    expect(positions).toEqual(expected);
  });

  it.each([
    {
      name: "--map subjectKey takes the first name column",
      input: {
        headers: ["Participant ID", "Site OID", "First Name", "Last Name"],
        overrides: { subjectKey: "First Name" },
      },
      expected: ['"First Name"', "subjectKey", "firstName"],
    },
    {
      name: "--map identifier takes the mobile column",
      input: { headers: ["Participant ID", "Mobile"], overrides: { identifier: "Mobile" } },
      expected: ['"Mobile"', "identifier", "phoneNumber"],
    },
    {
      name: "--map siteOid takes the participant ID column",
      input: { headers: ["Participant ID", "Email"], overrides: { siteOid: "participant_id" } },
      expected: ['"Participant ID"', "siteOid", "subjectKey"],
    },
    {
      name: "two --maps name one column",
      input: {
        headers: ["Study No", "Email"],
        overrides: { subjectKey: "Study No", identifier: "study_no" },
      },
      expected: ['"Study No"', "subjectKey", "identifier"],
    },
    {
      name: "--map subjectKey leaves a participant ID column unused",
      input: { headers: ["Participant ID", "Study No"], overrides: { subjectKey: "Study No" } },
      expected: ['"Participant ID"', '"Study No"', "subjectKey"],
    },
    {
      name: "--map subjectKey leaves a Subject ID column unused",
      input: { headers: ["Notes", "Subject ID"], overrides: { subjectKey: "Notes" } },
      expected: ['"Subject ID"', '"Notes"', "subjectKey"],
    },
  ] satisfies {
    name: string;
    input: { headers: string[]; overrides: Partial<Record<ColumnField, string>> };
    expected: string[];
  }[])("refuses a column for two fields: $name", ({ input, expected }) => {
    const error = thrownBy(() => mapColumns(input.headers, input.overrides));

    expect(error).toBeInstanceOf(FatalError);
    expect((error as FatalError).code).toBe("usage");
    for (const token of expected) expect((error as FatalError).message).toContain(token);
  });

  it("gives each column one field at most and each named field a column, or refuses", () => {
    const header = fc.constantFrom(
      "Participant ID",
      "Subject ID",
      "First Name",
      "Given Name",
      "Email",
      "Mobile",
      "Secondary ID",
      "Site",
      "Study No",
      "Notes",
    );
    const input = fc.record({
      headers: fc.uniqueArray(header, { minLength: 1, maxLength: 6 }),
      overrides: fc.dictionary(fc.constantFrom(...columnFields), header, { maxKeys: 3 }),
    });

    fc.assert(
      fc.property(input, ({ headers, overrides }) => {
        const outcome = attempt(() => mapColumns(headers, overrides));

        if ("error" in outcome) {
          expect(outcome.error).toBeInstanceOf(FatalError);
          return;
        }
        const { positions } = outcome.value;
        const used = Object.values(positions);
        expect(new Set(used).size).toBe(used.length);
        for (const header of headers) {
          const field = recognisedField(header);
          if (field !== undefined && overrides[field] === undefined) {
            expect(positions[field]).toBeDefined();
          }
        }
      }),
    );
  });

  it("refuses a --map header that names no column", () => {
    const headers = ["Participant ID", "Email"];

    const error = thrownBy(() => mapColumns(headers, { phoneNumber: "Cell" }));

    expect(error).toBeInstanceOf(FatalError);
    expect((error as FatalError).code).toBe("input");
    expect((error as FatalError).message).toContain('"Email"');
  });

  it("lists the headers no field uses, skipping empty ones", () => {
    const headers = ["Participant ID", "Notes", "", "Site OID", "Visit Date"];

    const { ignored, headers: seen } = mapColumns(headers);

    expect(ignored).toEqual(["Notes", "Visit Date"]);
    expect(seen).toEqual(headers);
  });
});

describe("normaliseHeader", () => {
  it.each([
    { name: "drops case, spaces, _ - .", input: " Participant_I-D. ", expected: "participantid" },
    { name: "drops a BOM", input: "\uFEFFSite", expected: "site" },
    { name: "drops a tab", input: "First\tName", expected: "firstname" },
    { name: "keeps letters of other scripts", input: "Имя", expected: "имя" },
  ])("$name", ({ input, expected }) => {
    const normalised = normaliseHeader(input);

    expect(normalised).toBe(expected);
  });
});

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { columnFields } from "../../src/csv/columns.js";
import { maxLineLength } from "../../src/csv/line-limit.js";
import {
  type CheckedRow,
  type ValidateOptions,
  validateFile,
} from "../../src/validate/validate-file.js";

const fixture = (name: string) => join(import.meta.dirname, "../fixtures/validate", name);

async function checkAll(name: string, options?: ValidateOptions): Promise<CheckedRow[]> {
  const file = await validateFile(fixture(name), options);
  const rows: CheckedRow[] = [];
  for await (const row of file.rows) rows.push(row);
  return rows;
}

const codes = (row: CheckedRow | undefined) => row?.findings.map((finding) => finding.code);

/** Files with control characters are written by the test: an editor could strip them. */
const scratch = mkdtempSync(join(tmpdir(), "oc-validate-file-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let written = 0;
async function checkText(text: string, options?: ValidateOptions): Promise<CheckedRow[]> {
  const path = join(scratch, `case-${written++}.csv`);
  writeFileSync(path, text, "utf8");
  const file = await validateFile(path, options);
  const rows: CheckedRow[] = [];
  for await (const row of file.rows) rows.push(row);
  return rows;
}

const headerOf: Record<(typeof columnFields)[number], string> = {
  subjectKey: "Participant ID",
  firstName: "First Name",
  lastName: "Last Name",
  identifier: "Secondary ID",
  emailAddress: "Email",
  phoneNumber: "Mobile",
  siteOid: "Site OID",
  register: "Register",
};
const goodValue: Record<(typeof columnFields)[number], string> = {
  subjectKey: "P-1",
  firstName: "Ann",
  lastName: "Lee",
  identifier: "MRN-1",
  emailAddress: "ann@example.org",
  phoneNumber: "+1 6175550123",
  siteOid: "S_A(TEST)",
  register: "yes",
};

/** A one-row file with every field filled, and `value` inside the field's good value. */
function rowWith(field: (typeof columnFields)[number], inserted: string): string {
  const cells = columnFields.map((name) => {
    const good = goodValue[name];
    const value = name === field ? `${good.slice(0, 1)}${inserted}${good.slice(1)}` : good;
    return `"${value.replaceAll('"', '""')}"`;
  });
  return `${columnFields.map((name) => headerOf[name]).join(",")}\n${cells.join(",")}\n`;
}

const hiddenClasses = [
  { name: "a C0 control (escape)", character: "\u001b", codePoint: "U+001B" },
  { name: "a tab", character: "\t", codePoint: "U+0009" },
  { name: "a quoted line feed", character: "\n", codePoint: "U+000A" },
  { name: "a quoted CRLF", character: "\r\n", codePoint: "U+000D" },
  { name: "DEL", character: "\u007f", codePoint: "U+007F" },
  { name: "a C1 control", character: "\u0090", codePoint: "U+0090" },
  { name: "a bidi override", character: "\u202e", codePoint: "U+202E" },
  { name: "a bidi isolate", character: "\u2066", codePoint: "U+2066" },
  { name: "a zero width space", character: "\u200b", codePoint: "U+200B" },
];
const fieldCases = columnFields.flatMap((field) =>
  hiddenClasses.map((hidden) => ({ field, ...hidden })),
);

describe("validateFile", () => {
  it("refuses later rows with an ID seen before, trimmed and in any case", async () => {
    const rows = await checkAll("duplicates.csv");

    expect(rows.map((row) => [row.row, codes(row)])).toEqual([
      [2, []],
      [3, []],
      [4, ["local.duplicateParticipantId"]],
      [5, ["local.duplicateParticipantId"]],
      [6, ["local.duplicateParticipantId"]],
      [7, []],
    ]);
  });

  it("names the first row with that ID in a duplicate's detail", async () => {
    const rows = await checkAll("duplicates.csv");

    const details = rows.map((row) => row.findings[0]?.detail?.match(/\brow (\d+)\b/)?.[1]);

    expect(details).toEqual([undefined, undefined, "2", "2", "3", undefined]);
  });

  it.each([
    {
      name: "without --site, a row without a site OID is refused",
      input: {},
      expected: [
        { siteOid: null, codes: ["local.missingSiteOid"] },
        { siteOid: "S_A(TEST)", codes: [] },
        { siteOid: "Boston General", codes: ["local.invalidSiteOid"] },
      ],
    },
    {
      name: "--site fills only the empty site cells",
      input: { defaultSiteOid: "S_DEF(TEST)" },
      expected: [
        { siteOid: "S_DEF(TEST)", codes: [] },
        { siteOid: "S_A(TEST)", codes: [] },
        { siteOid: "Boston General", codes: ["local.invalidSiteOid"] },
      ],
    },
    {
      name: "a malformed --site is refused like a malformed cell",
      input: { defaultSiteOid: "S_DEF(TEST" },
      expected: [
        { siteOid: "S_DEF(TEST", codes: ["local.invalidSiteOid"] },
        { siteOid: "S_A(TEST)", codes: [] },
        { siteOid: "Boston General", codes: ["local.invalidSiteOid"] },
      ],
    },
  ])("checks site OIDs: $name", async ({ input, expected }) => {
    const rows = await checkAll("sites.csv", input);

    expect(rows.map((row) => ({ siteOid: row.siteOid, codes: codes(row) }))).toEqual(expected);
  });

  it("uses --site when the file has no site column", async () => {
    const rows = await checkAll("no-site-column.csv", { defaultSiteOid: "S_DEF(TEST)" });

    expect(rows.map((row) => ({ siteOid: row.siteOid, codes: codes(row) }))).toEqual([
      { siteOid: "S_DEF(TEST)", codes: [] },
    ]);
  });

  it("lists every finding of a row in the contract's order, the site first", async () => {
    const rows = await checkAll("several-rules.csv");

    expect(rows.slice(0, 4).map(codes)).toEqual([
      [
        "local.missingSiteOid",
        "errorCode.participantIDContainsUnsupportedHTMLCharacter",
        "errorCode.invalidEmailAddress",
        "errorCode.invalidPhoneNumber",
      ],
      [
        "errorCode.firstNameTooLong",
        "errorCode.invalidEmailAddress",
        "errorCode.invalidPhoneNumber",
      ],
      [],
      ["errorCode.invalidEmailAddress", "local.duplicateParticipantId"],
    ]);
  });

  it("names the field of each finding", async () => {
    const rows = await checkAll("several-rules.csv");

    expect(rows[0]?.findings.map((finding) => finding.field)).toEqual([
      "siteOid",
      "subjectKey",
      "emailAddress",
      "phoneNumber",
    ]);
  });

  it("sends the phone number in the server's format", async () => {
    const rows = await checkAll("several-rules.csv");

    expect(rows[2]?.body).toEqual({
      subjectKey: "P-3",
      firstName: "Ann",
      emailAddress: "a@example.org",
      phoneNumber: "+1 6175550142",
    });
  });

  it("leaves empty cells out of the body, not even as undefined keys", async () => {
    const rows = await checkAll("several-rules.csv");

    expect(rows[4]?.row).toBe(6);
    expect(Object.keys(rows[4]?.body ?? { missing: true })).toEqual(["subjectKey"]);
    expect(rows[0] && Object.keys(rows[0].body)).toEqual([
      "subjectKey",
      "firstName",
      "emailAddress",
    ]);
  });

  it("refuses a malformed row without guessing at its cells", async () => {
    const rows = await checkAll("several-rules.csv");

    expect(rows[5]).toMatchObject({
      row: 7,
      participantId: null,
      siteOid: null,
      body: {},
      findings: [{ field: null, code: "local.malformedRow" }],
    });
  });

  it.each(fieldCases)(
    "refuses $name in $field, naming the field and the character",
    async ({ field, character, codePoint }) => {
      const text = rowWith(field, character);

      const rows = await checkText(text, { registerFromColumn: true });

      expect(rows).toHaveLength(1);
      const finding = rows[0]?.findings.find((found) => found.code === "local.controlCharacter");
      expect(finding).toMatchObject({ field, detail: expect.stringContaining(codePoint) });
      expect(finding?.detail).toContain("character 2");
      expect(finding?.detail).not.toContain(character);
    },
  );

  it("refuses a NUL in a row past the first read chunk (in the first, it refuses the file)", async () => {
    const blankLines = "\n".repeat(70_000);
    const text = `Participant ID,Site OID\n${blankLines}P\u00001,S_A(TEST)\nP-2,S_A(TEST)\n`;

    const rows = await checkText(text);

    expect(rows.map((row) => ({ row: row.row, codes: codes(row) }))).toEqual([
      { row: 70_002, codes: ["local.controlCharacter"] },
      { row: 70_003, codes: [] },
    ]);
    expect(rows[0]?.findings[0]).toMatchObject({
      field: "subjectKey",
      detail: expect.stringContaining("U+0000"),
    });
  });

  it("passes the same row without the hidden character", async () => {
    const text = rowWith("firstName", "");

    const rows = await checkText(text, { registerFromColumn: true });

    expect(rows.map((row) => row.findings)).toEqual([[]]);
  });

  it("checks no column it does not send", async () => {
    const text = 'Participant ID,Site OID,Notes\nP-1,S_A(TEST),"two\nlines\u202e"\n';

    const rows = await checkText(text);

    expect(rows.map((row) => row.findings)).toEqual([[]]);
  });

  it("refuses a row too large to read and checks the rows after it", async () => {
    const text = `Participant ID,Site OID\n${"A".repeat(maxLineLength + 1)},S_A(TEST)\nP-2,S_A(TEST)\n`;

    const rows = await checkText(text);

    expect(rows.map((row) => ({ row: row.row, codes: codes(row) }))).toEqual([
      { row: 2, codes: ["local.recordTooLarge"] },
      { row: 3, codes: [] },
    ]);
    expect(rows[0]).toMatchObject({ participantId: null, findings: [{ field: null }] });
  });
});

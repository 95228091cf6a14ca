import { join } from "node:path";
import { describe, expect, it } from "vitest";
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
});

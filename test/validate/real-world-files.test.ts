import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ParticipantBody } from "../../src/contract/rules.js";
import type { FatalCode } from "../../src/errors.js";
import type { RowOutcome } from "../../src/import/outcome.js";
import { runValidate } from "../../src/import/run-validate.js";
import { type ValidateOptions, validateFile } from "../../src/validate/validate-file.js";
import { failureOf } from "../support/failure-of.js";

/**
 * One tiny file per kind of real-world damage, written byte by byte (`.gitattributes` keeps git
 * from converting them), and what the report says about each of their rows.
 */
const folder = join(import.meta.dirname, "../fixtures/files");
const fixture = (name: string) => join(folder, name);

interface RowExpectation {
  row: number;
  line?: number;
  outcome: "valid" | "invalid";
  errorCode?: string;
  /** The participant ID the report names; `null` when the row was never read into cells. */
  id?: string | null;
  /** A stable token of the hint that says what happened (a flag, a row number). */
  hint?: string;
  /** Codes the row also breaks, after its errorCode. */
  also?: string[];
}

interface ReadCase {
  name: string;
  file: string;
  options?: ValidateOptions;
  /** Headers named as ignored before the first row; none when left out. */
  ignored?: string[];
  expected: RowExpectation[];
}

interface RefusedCase {
  name: string;
  file: string;
  options?: ValidateOptions;
  refused: { code: FatalCode; messageIncludes: string[] };
}

const site = { defaultSiteOid: "S_A(TEST)" };
const valid = (row: number, line?: number): RowExpectation => ({ row, line, outcome: "valid" });
const invalid = (row: number, errorCode: string, more: Partial<RowExpectation> = {}) =>
  ({ row, outcome: "invalid", errorCode, ...more }) satisfies RowExpectation;

const cases: (ReadCase | RefusedCase)[] = [
  {
    name: "a UTF-8 BOM before a quoted header is stripped",
    file: "bom-quoted-header.csv",
    options: site,
    expected: [valid(2, 2)],
  },
  {
    name: "a UTF-8 BOM before Excel's sep= line is stripped",
    file: "bom-sep-line.csv",
    options: site,
    expected: [valid(2, 3)],
  },
  {
    name: "CRLF rows, and a CRLF inside quotes, keep true rows and lines; the broken name is refused",
    file: "crlf.csv",
    options: site,
    expected: [valid(2, 2), invalid(3, "local.controlCharacter", { line: 3 }), valid(4, 5)],
  },
  {
    name: "CRLF, LF and CR mixed, a CR inside quotes and no final line break",
    file: "mixed-line-endings.csv",
    options: site,
    expected: [
      valid(2, 2),
      valid(3, 3),
      invalid(4, "local.controlCharacter", { line: 4, id: "P-3" }),
      valid(6, 7),
      valid(8, 9),
    ],
  },
  {
    name: "quoted fields with commas, doubled quotes and line breaks; a line break is refused",
    file: "quoted-fields.csv",
    options: site,
    expected: [invalid(2, "local.controlCharacter", { line: 2, id: "P-1" }), valid(3, 4)],
  },
  {
    name: "Excel's sep=; line beats the commas of the header",
    file: "sep-line.csv",
    options: site,
    ignored: ["Notes, a, b"],
    expected: [valid(2, 3)],
  },
  {
    name: "a semicolon header is detected, and commas stay in values",
    file: "semicolon-commas.csv",
    expected: [valid(2), valid(3)],
  },
  {
    name: "a header with more commas than semicolons is read as commas",
    file: "semicolon-comma-header.csv",
    options: site,
    refused: { code: "input", messageIncludes: ['"Participant ID;Notes"', "--map"] },
  },
  {
    name: "--delimiter ; forces what the header would not show",
    file: "semicolon-comma-header.csv",
    options: { ...site, delimiter: ";" },
    ignored: ["Notes, first, second, third"],
    expected: [valid(2, 2)],
  },
  {
    name: "a tab-delimited file is detected, and a quoted tab in a name is refused",
    file: "tab-delimited.tsv",
    expected: [valid(2), invalid(3, "local.controlCharacter", { id: "P-2" })],
  },
  {
    name: "a pipe-delimited file is detected, and a comma stays in a value",
    file: "pipe-delimited.csv",
    options: site,
    expected: [valid(2), invalid(3, "errorCode.invalidEmailAddress")],
  },
  {
    name: "blank rows (empty, separators, whitespace, NBSP and BOM) are skipped but counted",
    file: "blank-rows.csv",
    expected: [valid(2, 2), valid(9, 9), valid(11, 11)],
  },
  {
    name: "rows with too many or too few fields are refused, never guessed at, and reading goes on",
    file: "malformed-rows.csv",
    expected: [
      valid(2),
      invalid(3, "local.malformedRow", { id: null }),
      invalid(4, "local.malformedRow", { id: null }),
      { ...valid(5), id: "P-4" },
      invalid(6, "local.malformedRow", { id: null }),
      { ...valid(7), id: "P-6" },
      valid(8),
    ],
  },
  {
    name: "a byte that is not UTF-8 stops the file, naming its line and byte offset",
    file: "invalid-utf8.csv",
    refused: { code: "input", messageIncludes: ["line 4", "byte 50", "--encoding"] },
  },
  {
    name: "a UTF-8 sequence cut off by the end of the file stops it",
    file: "truncated-utf8.csv",
    refused: { code: "input", messageIncludes: ["line 3", "byte 25", "--encoding"] },
  },
  {
    name: "a Windows-1252 file is refused as UTF-8",
    file: "windows-1252.csv",
    options: site,
    refused: { code: "input", messageIncludes: ["line 2", "byte 56", "--encoding"] },
  },
  {
    name: "a Windows-1252 file reads with --encoding windows-1252; an undefined byte is not sent",
    file: "windows-1252.csv",
    options: { ...site, encoding: "windows-1252" },
    expected: [valid(2), valid(3), invalid(4, "local.undecodableText")],
  },
  {
    name: "a Latin-1 file reads with --encoding latin1",
    file: "latin1.csv",
    options: { ...site, encoding: "latin1" },
    expected: [valid(2), valid(3)],
  },
  {
    name: "a UTF-16LE file with a BOM reads without --encoding",
    file: "utf16le-bom.csv",
    options: site,
    expected: [valid(2, 2), valid(3, 3)],
  },
  {
    name: "a UTF-16LE BOM decides over --encoding windows-1252",
    file: "utf16le-bom.csv",
    options: { ...site, encoding: "windows-1252" },
    expected: [valid(2), valid(3)],
  },
  {
    name: "a UTF-16BE file with a BOM reads without --encoding",
    file: "utf16be-bom.csv",
    options: site,
    expected: [valid(2), valid(3)],
  },
  {
    name: "an encoding nobody knows is a usage error",
    file: "latin1.csv",
    options: { ...site, encoding: "klingon" },
    refused: { code: "usage", messageIncludes: ["klingon"] },
  },
  {
    name: "a replacement character already in the file is never sent",
    file: "replacement-character.csv",
    options: site,
    expected: [invalid(2, "local.undecodableText"), valid(3)],
  },
  {
    name: "a file without a participant ID column is refused with the headers seen",
    file: "missing-id-column.csv",
    refused: { code: "input", messageIncludes: ['"Name"', '"E-mail"', '"Site"'] },
  },
  {
    name: "two participant ID columns refuse the file",
    file: "two-id-columns.csv",
    options: site,
    refused: { code: "input", messageIncludes: ['"Participant ID"', '"Subject ID"'] },
  },
  {
    name: "--map subjectKey= settles two ID columns",
    file: "two-id-columns.csv",
    options: { ...site, columnOverrides: { subjectKey: "Subject ID" } },
    ignored: ["Participant ID"],
    expected: [{ ...valid(2), id: "S-1" }],
  },
  {
    name: "unknown columns are ignored and named once",
    file: "unknown-columns.csv",
    options: site,
    ignored: ["Visit Date", "Notes"],
    expected: [valid(2)],
  },
  {
    name: "values are trimmed of spaces, tabs, no-break spaces and stray BOMs",
    file: "padded-values.csv",
    expected: [
      { ...valid(2), id: "P-1" },
      { ...valid(3), id: "P-2" },
    ],
  },
  {
    name: "leading zeros and number-like IDs stay text",
    file: "leading-zeros.csv",
    options: site,
    expected: [
      { ...valid(2), id: "007" },
      { ...valid(3), id: "0042" },
      { ...valid(4), id: "1e3" },
    ],
  },
  {
    name: "spreadsheet damage to phones is named, not repaired",
    file: "spreadsheet-phones.csv",
    options: site,
    expected: [
      valid(2),
      invalid(3, "errorCode.invalidPhoneNumber", { hint: "scientific notation" }),
      invalid(4, "errorCode.invalidPhoneNumber", { hint: '".0"' }),
      invalid(5, "errorCode.invalidPhoneNumber", { hint: "--default-country" }),
      invalid(6, "errorCode.invalidPhoneNumber", { hint: "extension" }),
    ],
  },
  {
    name: "--default-country reads a phone without +, and only that",
    file: "spreadsheet-phones.csv",
    options: { ...site, defaultCountry: "US" },
    expected: [
      valid(2),
      invalid(3, "errorCode.invalidPhoneNumber", { hint: "scientific notation" }),
      invalid(4, "errorCode.invalidPhoneNumber", { hint: '".0"' }),
      valid(5),
      invalid(6, "errorCode.invalidPhoneNumber", { hint: "extension" }),
    ],
  },
  {
    name: "every field rule of check 6 gives its own code, the first one winning",
    file: "field-rules.csv",
    options: site,
    expected: [
      valid(2),
      invalid(3, "errorCode.missingParticipantIdData", { id: null }),
      invalid(4, "errorCode.participantIDContainsUnsupportedHTMLCharacter"),
      invalid(5, "errorCode.participantIDLongerThan30Characters"),
      invalid(6, "errorCode.firstNameTooLong"),
      invalid(7, "errorCode.lastNameTooLong"),
      invalid(8, "errorCode.identifierTooLong"),
      invalid(9, "errorCode.emailAddressTooLong"),
      invalid(10, "errorCode.invalidEmailAddress"),
      invalid(11, "errorCode.invalidPhoneNumber"),
      invalid(12, "errorCode.participantIDContainsUnsupportedHTMLCharacter", {
        also: [
          "errorCode.participantIDLongerThan30Characters",
          "errorCode.firstNameTooLong",
          "errorCode.invalidEmailAddress",
          "errorCode.invalidPhoneNumber",
        ],
      }),
      valid(13),
    ],
  },
  {
    name: "lengths count UTF-16 units, so an emoji counts two",
    file: "utf16-lengths.csv",
    options: site,
    expected: [
      valid(2),
      invalid(3, "errorCode.participantIDLongerThan30Characters"),
      valid(4),
      invalid(5, "errorCode.participantIDLongerThan30Characters"),
      valid(6),
      invalid(7, "errorCode.firstNameTooLong"),
    ],
  },
  {
    name: "an internationalised domain passes, a Unicode local part or a broken domain does not",
    file: "emails.csv",
    options: site,
    expected: [
      valid(2),
      invalid(3, "errorCode.invalidEmailAddress"),
      invalid(4, "errorCode.invalidEmailAddress"),
      invalid(5, "errorCode.invalidEmailAddress"),
      invalid(6, "local.controlCharacter", { line: 6, also: ["errorCode.invalidEmailAddress"] }),
      valid(7, 8),
    ],
  },
  {
    name: "a participant ID seen before, trimmed and in any case, names the first row",
    file: "duplicate-ids.csv",
    options: site,
    expected: [
      valid(2),
      valid(3),
      invalid(4, "local.duplicateParticipantId", { id: "p-1", hint: "row 2" }),
      invalid(5, "local.duplicateParticipantId", { id: "P-2", hint: "row 3" }),
      invalid(6, "local.duplicateParticipantId", { id: "P-1", hint: "row 2" }),
      valid(7),
    ],
  },
  {
    name: "site OIDs are checked, and a row without one is refused without --site",
    file: "sites.csv",
    expected: [
      valid(2),
      invalid(3, "local.missingSiteOid"),
      invalid(4, "local.invalidSiteOid"),
      invalid(5, "local.invalidSiteOid"),
      valid(6),
    ],
  },
  {
    name: "--site fills only the rows without a site OID",
    file: "sites.csv",
    options: { defaultSiteOid: "S_DEF(PROD)" },
    expected: [
      valid(2),
      valid(3),
      invalid(4, "local.invalidSiteOid"),
      invalid(5, "local.invalidSiteOid"),
      valid(6),
    ],
  },
];

const readCases = cases.filter((c): c is ReadCase => "expected" in c);
const refusedCases = cases.filter((c): c is RefusedCase => "refused" in c);

async function runFile(file: string, options: ValidateOptions = {}) {
  const outcomes: RowOutcome[] = [];
  let ignored: string[] | undefined;

  await runValidate({
    ...options,
    file: fixture(file),
    onStart: (start) => {
      ignored = start.ignoredColumns;
    },
    onOutcome: (outcome) => outcomes.push(outcome),
  });

  return { outcomes, ignored };
}

/** What the report must hold for one row; `line`, `id` and `hint` only where the case gives them. */
function reportLine(expected: RowExpectation) {
  return {
    row: expected.row,
    ...(expected.line === undefined ? {} : { line: expected.line }),
    outcome: expected.outcome,
    errorCode: expected.errorCode ?? null,
    ...(expected.id === undefined ? {} : { participantId: expected.id }),
    ...(expected.hint === undefined ? {} : { message: expect.stringContaining(expected.hint) }),
  };
}

async function checkAll(file: string, options?: ValidateOptions) {
  const { rows } = await validateFile(fixture(file), options);
  const checked = [];
  for await (const row of rows) checked.push(row);
  return checked;
}

describe("real-world files", () => {
  it.each(readCases)("reports $name", async ({ file, options, ignored, expected }) => {
    const path = file;

    const run = await runFile(path, options);

    expect(run.outcomes).toMatchObject(expected.map(reportLine));
    expect(run.ignored).toEqual(ignored ?? []);
  });

  it.each(readCases.filter((c) => c.expected.some((row) => row.also !== undefined)))(
    "lists the other codes a row breaks: $name",
    async ({ file, options, expected }) => {
      const alsoByRow = expected.flatMap((row) => (row.also ? [[row.row, row.also] as const] : []));

      const { outcomes } = await runFile(file, options);

      for (const [row, codes] of alsoByRow) {
        const message = outcomes.find((outcome) => outcome.row === row)?.message ?? "";
        for (const code of codes) expect(message).toContain(code);
      }
    },
  );

  it.each(refusedCases)("refuses the whole file: $name", async ({ file, options, refused }) => {
    const path = fixture(file);

    const error = await failureOf(() => runValidate({ ...options, file: path }));

    expect(error.code).toBe(refused.code);
    for (const part of refused.messageIncludes) expect(error.message).toContain(part);
  });

  it("has a case for every fixture file", () => {
    const used = new Set(cases.map((c) => c.file));

    const files = readdirSync(folder).filter((name) => !name.startsWith("."));

    expect(files.filter((name) => !used.has(name))).toEqual([]);
  });
});

const bodyCases: {
  name: string;
  file: string;
  options?: ValidateOptions;
  expected: ParticipantBody[];
}[] = [
  {
    name: "Windows-1252 letters, € and a curly quote",
    file: "windows-1252.csv",
    options: { ...site, encoding: "windows-1252" },
    expected: [
      { subjectKey: "P-1", firstName: "Zoë", lastName: "Brontë", identifier: "€-42" },
      { subjectKey: "P-2", firstName: "Renée", lastName: "O\u2019Brien" },
      { subjectKey: "P-3", firstName: "Ann", lastName: "Lee", identifier: "\uFFFD" },
    ],
  },
  {
    name: "Latin-1 letters",
    file: "latin1.csv",
    options: { ...site, encoding: "latin1" },
    expected: [
      { subjectKey: "P-1", firstName: "José" },
      { subjectKey: "P-2", firstName: "Mañana" },
    ],
  },
  {
    name: "UTF-16LE letters, € and an emoji",
    file: "utf16le-bom.csv",
    options: site,
    expected: [
      { subjectKey: "P-1", firstName: "Zoë", lastName: "€uro" },
      { subjectKey: "P-2", firstName: "😀", lastName: "Lee" },
    ],
  },
  {
    name: "UTF-16BE letters, € and an emoji",
    file: "utf16be-bom.csv",
    options: site,
    expected: [
      { subjectKey: "P-1", firstName: "Zoë", lastName: "€uro" },
      { subjectKey: "P-2", firstName: "😀", lastName: "Lee" },
    ],
  },
  {
    name: "quoted commas, doubled quotes and line breaks",
    file: "quoted-fields.csv",
    options: site,
    expected: [
      { subjectKey: "P-1", firstName: "Lee, Ann", lastName: 'O"Brien', identifier: "MRN\n42" },
      { subjectKey: "P-2", firstName: '"Bo"', identifier: "a,b" },
    ],
  },
  {
    name: "a line break inside quotes with CRLF rows",
    file: "crlf.csv",
    options: site,
    expected: [
      { subjectKey: "P-1", firstName: "Ann", emailAddress: "a@example.org" },
      { subjectKey: "P-2", firstName: "Ann\r\nMarie", emailAddress: "b@example.org" },
      { subjectKey: "P-3", firstName: "Cy", emailAddress: "c@example.org" },
    ],
  },
  {
    name: "a CR inside quotes with mixed line endings",
    file: "mixed-line-endings.csv",
    options: site,
    expected: [
      { subjectKey: "P-1", firstName: "Ann" },
      { subjectKey: "P-2", firstName: "Bob" },
      { subjectKey: "P-3", firstName: "Cy\rDi" },
      { subjectKey: "P-4", firstName: "Ed" },
      { subjectKey: "P-5", firstName: "Flo" },
    ],
  },
  {
    name: "commas in semicolon-delimited values",
    file: "semicolon-commas.csv",
    expected: [
      { subjectKey: "P-1", lastName: "Lee, Ann" },
      { subjectKey: "P-2", lastName: "O;Brien" },
    ],
  },
  {
    name: "a quoted tab in a tab-delimited file",
    file: "tab-delimited.tsv",
    expected: [
      { subjectKey: "P-1", lastName: "Lee, Ann" },
      { subjectKey: "P-2", lastName: "Smith\tJones" },
    ],
  },
  {
    name: "padded values, trimmed, and the phone in the server's format",
    file: "padded-values.csv",
    expected: [
      { subjectKey: "P-1", emailAddress: "a@example.org", phoneNumber: "+1 6175550142" },
      { subjectKey: "P-2" },
    ],
  },
  {
    name: "leading zeros kept, never numbers",
    file: "leading-zeros.csv",
    options: site,
    expected: [
      { subjectKey: "007", identifier: "000123" },
      { subjectKey: "0042", identifier: "0099", phoneNumber: "+1 6175550142" },
      { subjectKey: "1e3", identifier: "00.10" },
    ],
  },
  {
    name: "an internationalised domain in its xn-- form",
    file: "emails.csv",
    options: site,
    expected: [
      { subjectKey: "P-1", emailAddress: "anna@xn--bcher-kva.de" },
      { subjectKey: "P-2", emailAddress: "zoë@example.org" },
      { subjectKey: "P-3", emailAddress: "zoë@xn--bcher-kva.de" },
      { subjectKey: "P-4", emailAddress: "ann@example" },
      { subjectKey: "P-5", emailAddress: "ann@exa\nmple.org" },
      { subjectKey: "P-6", emailAddress: "ANN@xn--bcher-kva.de" },
    ],
  },
];

describe("real-world file values", () => {
  it.each(bodyCases)("decodes $name", async ({ file, options, expected }) => {
    const path = file;

    const rows = await checkAll(path, options);

    expect(rows.map((row) => row.body)).toEqual(expected);
  });

  it.each(readCases)("sends no U+FFFD from $file ($name)", async ({ file, options }) => {
    const path = file;

    const rows = await checkAll(path, options);

    const sendable = rows.filter((row) => row.findings.length === 0);
    const values = sendable.flatMap((row) => Object.values(row.body));
    expect(values.filter((value) => value?.includes("\uFFFD"))).toEqual([]);
  });
});

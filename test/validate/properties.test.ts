import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import {
  type CountryCode,
  getCountries,
  getExampleNumber,
  isValidPhoneNumber,
} from "libphonenumber-js";
import examples from "libphonenumber-js/examples.mobile.json";
import { afterAll, describe, expect, it } from "vitest";
import { emailPattern, phonePattern } from "../../src/contract/rules.js";
import { FatalError } from "../../src/errors.js";
import { findHiddenCharacter } from "../../src/hidden-characters.js";
import type { RowOutcome } from "../../src/import/outcome.js";
import { runValidate } from "../../src/import/run-validate.js";
import {
  type CheckedFields,
  checkRow,
  type RowCheckOptions,
} from "../../src/validate/check-row.js";
import { toAsciiEmail } from "../../src/validate/email.js";
import {
  type CheckedRow,
  type ValidateOptions,
  validateFile,
} from "../../src/validate/validate-file.js";

/**
 * Properties of the reader and validator together: any text gives one defined outcome per row
 * or a whole-file refusal, and the email and phone verdicts agree with the contract's rules.
 */
const scratch = mkdtempSync(join(tmpdir(), "oc-properties-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let written = 0;
function writeFile(content: string | Uint8Array): string {
  const path = join(scratch, `case-${written++}.csv`);
  writeFileSync(path, content);
  return path;
}

type Run = { outcomes: RowOutcome[]; rows: number } | { error: unknown };

async function validate(path: string, options: ValidateOptions): Promise<Run> {
  const outcomes: RowOutcome[] = [];

  try {
    const summary = await runValidate({
      ...options,
      file: path,
      onOutcome: (o) => outcomes.push(o),
    });
    return { outcomes, rows: summary.rows };
  } catch (error) {
    return { error };
  }
}

async function checkAll(path: string, options: ValidateOptions): Promise<CheckedRow[]> {
  const { rows } = await validateFile(path, options);
  const checked: CheckedRow[] = [];
  for await (const row of rows) checked.push(row);
  return checked;
}

function expectInputRefusal(error: unknown): void {
  expect(error).toBeInstanceOf(FatalError);
  expect((error as FatalError).code).toBe("input");
}

const site: RowCheckOptions = { defaultSiteOid: "S_A(TEST)" };

/** Pieces of cells people and spreadsheets produce: delimiters, quotes, breaks, odd spaces. */
const cellPieces = [
  "a",
  "Z",
  "0",
  "7",
  " ",
  "\t",
  "\u00a0",
  "\ufeff",
  ",",
  ";",
  "|",
  '"',
  "\r",
  "\n",
  "\r\n",
  "é",
  "ß",
  "中",
  "😀",
  "@",
  ".",
  "+",
  "<",
] as const;
const blankPieces = ["", " ", "\t", "\u00a0", "\ufeff"] as const;
const optionalHeaders = ["Site OID", "First Name", "Email", "Mobile", "Notes"];

const cell = fc
  .array(fc.constantFrom(...cellPieces), { maxLength: 6 })
  .map((parts) => parts.join(""));
const blankCell = fc
  .array(fc.constantFrom(...blankPieces), { maxLength: 3 })
  .map((parts) => parts.join(""));

/**
 * A well-formed CSV built from its cells, so that the rows it holds are known: a header with a
 * participant ID column, then records and blank lines, each ended by CRLF, LF or CR.
 */
const structuredCsv = fc
  .record({
    others: fc.shuffledSubarray(optionalHeaders, { minLength: 1 }),
    idAt: fc.nat(),
    delimiter: fc.constantFrom(",", ";", "\t", "|"),
    sepLine: fc.boolean(),
    forced: fc.boolean(),
    bom: fc.boolean(),
    finalBreak: fc.boolean(),
  })
  .chain((layout) => {
    const headers = [...layout.others];
    headers.splice(layout.idAt % (headers.length + 1), 0, "Participant ID");
    const width = headers.length;
    const record = fc.oneof(
      fc.array(cell, { minLength: width, maxLength: width }),
      fc.array(cell, { minLength: 1, maxLength: width + 2 }),
      fc.array(blankCell, { minLength: 1, maxLength: width + 1 }),
    );
    const lines = fc.array(fc.record({ cells: record, end: fc.constantFrom("\n", "\r\n", "\r") }), {
      maxLength: 8,
    });
    return fc.record({ layout: fc.constant(layout), headers: fc.constant(headers), lines });
  });

type StructuredCsv = typeof structuredCsv extends fc.Arbitrary<infer T> ? T : never;

function renderCell(value: string, delimiter: string): string {
  const needsQuotes = value.includes(delimiter) || /["\r\n]/.test(value);
  return needsQuotes ? `"${value.replaceAll('"', '""')}"` : value;
}

function renderCsv({ layout, headers, lines }: StructuredCsv): string {
  const { delimiter } = layout;
  let text = layout.bom ? "\ufeff" : "";
  if (layout.sepLine) text += `sep=${delimiter}\r\n`;
  text += `${headers.join(delimiter)}\r\n`;

  let previousEnd = "\r\n";
  lines.forEach((line, index) => {
    const rendered = line.cells.map((value) => renderCell(value, delimiter)).join(delimiter);
    // An empty line ended by LF right after a lone CR would read as one CRLF, not two lines.
    const end = rendered === "" && previousEnd === "\r" && line.end === "\n" ? "\r" : line.end;
    const last = index === lines.length - 1;
    text += rendered + (last && !layout.finalBreak ? "" : end);
    previousEnd = end;
  });

  return text;
}

/**
 * What the report must say about each record: its row (blank lines count, the sep= line does
 * not), the line it starts on (quoted line breaks count), and what of it can be known up front.
 */
function expectedRows({ layout, headers, lines }: StructuredCsv) {
  const width = headers.length;
  const idAt = headers.indexOf("Participant ID");
  let line = layout.sepLine ? 3 : 2;

  return lines.flatMap((record, index) => {
    const start = line;
    const rendered = record.cells.map((value) => renderCell(value, layout.delimiter));
    line += 1 + (rendered.join("").match(/\r\n|\r|\n/g)?.length ?? 0);

    const cells = record.cells.map((value) => value.trim());
    if (cells.every((value) => value === "")) return [];

    const tolerated = cells.length === width + 1 && cells[width] === "";
    const malformed = cells.length !== width && !tolerated;
    const id = malformed ? null : cells[idAt] || null;
    return [{ row: index + 2, line: start, malformed, id }];
  });
}

describe("reading and checking any file", () => {
  it("gives one outcome per non-blank row of any well-formed CSV, in order", async () => {
    await fc.assert(
      fc.asyncProperty(structuredCsv, async (csv) => {
        const path = writeFile(renderCsv(csv));
        const expected = expectedRows(csv);
        const options = {
          ...site,
          delimiter: csv.layout.forced ? csv.layout.delimiter : undefined,
        };

        const run = await validate(path, options);

        if (expected.length === 0) {
          expectInputRefusal("error" in run ? run.error : undefined);
          return;
        }
        if ("error" in run) throw run.error;
        expect(run.rows).toBe(expected.length);
        expect(run.outcomes.map(({ row, line }) => ({ row, line }))).toEqual(
          expected.map(({ row, line }) => ({ row, line })),
        );

        run.outcomes.forEach((outcome, index) => {
          const { malformed, id } = expected[index] ?? { malformed: false, id: null };
          expect(outcome.participantId).toBe(id);
          if (outcome.outcome === "valid") expect(outcome.errorCode).toBeNull();
          else expect(outcome).toMatchObject({ outcome: "invalid", errorCode: expect.any(String) });
          if (malformed) expect(outcome.errorCode).toBe("local.malformedRow");
          else expect(outcome.errorCode).not.toBe("local.malformedRow");
          if (id === null) expect(outcome.outcome).toBe("invalid");
        });
      }),
      { numRuns: 300 },
    );
  });

  it("refuses any text as a whole or gives valid or invalid rows in increasing order", async () => {
    const pieces = fc.constantFrom(...cellPieces, "P-1", "a@example.org", "S_A(TEST)", "\r\n");
    const text = fc
      .array(pieces, { maxLength: 60 })
      .map((parts) => `Participant ID,Site OID,Email\n${parts.join("")}`);

    await fc.assert(
      fc.asyncProperty(text, async (content) => {
        const path = writeFile(content);

        const run = await validate(path, site);

        if ("error" in run) {
          expectInputRefusal(run.error);
          return;
        }
        const rows = run.outcomes.map((o) => o.row);
        expect(run.rows).toBe(run.outcomes.length);
        expect(rows).toEqual([...new Set(rows)].sort((a, b) => a - b));
        expect(rows.every((row) => row >= 2)).toBe(true);
        for (const outcome of run.outcomes) expect(["valid", "invalid"]).toContain(outcome.outcome);
      }),
      { numRuns: 300 },
    );
  });

  it("refuses any bytes as a whole or reads them, in any encoding, never sending U+FFFD", async () => {
    const header = Buffer.from("Participant ID,First Name\n");
    const bytes = fc.uint8Array({ maxLength: 80 });
    const encoding = fc.constantFrom(undefined, "utf-8", "windows-1252", "latin1", "utf-16le");

    await fc.assert(
      fc.asyncProperty(bytes, encoding, async (body, name) => {
        const path = writeFile(Buffer.concat([header, body]));

        const rows = await checkAll(path, { ...site, encoding: name }).catch((error: unknown) => {
          expectInputRefusal(error);
          return [];
        });

        const sendable = rows.filter((row) => row.findings.length === 0);
        const values = sendable.flatMap((row) => Object.values(row.body));
        expect(values.filter((value) => value?.includes("\uFFFD"))).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});

/** Fails a run that takes longer than `ms`, so that a hang fails the property instead of the suite. */
function withDeadline<T>(run: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([run, deadline]).finally(() => clearTimeout(timer));
}

const magicPrefixes = [
  [],
  [0x50, 0x4b, 0x03, 0x04],
  [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
  [0x25, 0x50, 0x44, 0x46, 0x2d],
  [0x1f, 0x8b],
  [0xef, 0xbb, 0xbf],
  [0xff, 0xfe],
  [0xfe, 0xff],
];
const hiddenPieces = ["\u0000", "\t", "\u001b", "\u007f", "\u0085", "\u202e", "\u2066", "\u200b"];

describe("reading any whole file", () => {
  it("refuses it as an input error or reports every row, in time, never sending a hidden character", async () => {
    const header = fc.constantFrom(
      "",
      "Participant ID,Site OID\n",
      "Participant ID;First Name\r\n",
    );
    const text = fc
      .array(fc.constantFrom(...cellPieces, ...hiddenPieces, "P-1", "S_A(TEST)"), { maxLength: 40 })
      .map((parts) => parts.join(""));
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 120 }),
      fc.string({ unit: "binary", maxLength: 60 }).map((value) => Buffer.from(value)),
      text.map((value) => Buffer.from(value)),
    );
    const file = fc
      .tuple(fc.constantFrom(...magicPrefixes), header, bytes)
      .map(([prefix, head, body]) => Buffer.concat([Buffer.from(prefix), Buffer.from(head), body]));
    const encoding = fc.constantFrom(undefined, "windows-1252", "utf-16le");

    await fc.assert(
      fc.asyncProperty(file, encoding, async (content, name) => {
        const path = writeFile(content);

        const run = await withDeadline(
          checkAll(path, { ...site, encoding: name }).then(
            (rows) => ({ rows }),
            (error: unknown) => ({ error }),
          ),
          2_000,
        );

        if ("error" in run) {
          expectInputRefusal(run.error);
          return;
        }
        const sent = run.rows.filter((row) => row.findings.length === 0);
        const values = sent.flatMap((row) => [...Object.values(row.body), row.siteOid]);
        for (const value of values) {
          expect(typeof value === "string" && findHiddenCharacter(value) === undefined).toBe(true);
          expect(value?.includes("\uFFFD")).toBe(false);
        }
        for (const row of run.rows) expect(row.row).toBeGreaterThanOrEqual(2);
      }),
      { numRuns: 300 },
    );
  });
});

/** A row with only a participant ID and the given cell, checked as the reader would hand it over. */
function checkCell(
  field: "emailAddress" | "phoneNumber",
  value: string,
  options: RowCheckOptions = {},
): CheckedFields {
  return checkRow(
    { row: 2, line: 2, cells: { subjectKey: "P-1", [field]: value } },
    { ...site, ...options },
  );
}

const codesOf = (checked: CheckedFields) => checked.findings.map((finding) => finding.code);

/**
 * The codes of the field rules alone. A hidden character (a tab, a line break...) has its own
 * code on top of them, checked here: present exactly when the value holds one.
 */
function ruleCodesOf(checked: CheckedFields, value: string): string[] {
  const codes = codesOf(checked);
  expect(codes.includes("local.controlCharacter")).toBe(findHiddenCharacter(value) !== undefined);
  return codes.filter((code) => code !== "local.controlCharacter");
}

/** The reader trims cells and leaves empty ones out; U+FFFD has its own code, tested elsewhere. */
const asCell = (text: string) => text.trim();
const isCell = (text: string) => text !== "" && !text.includes("\uFFFD");

const localPieces = [
  "a",
  "Z",
  "0",
  ".",
  "+",
  "_",
  "-",
  "!",
  "~",
  "'",
  "é",
  "ü",
  "中",
  "😀",
  " ",
  "@",
];
const domainPieces = ["a", "Z", "0", "-", "ü", "ö", "ß", "中", "😀", " ", "\t", "_", "\u00ad"];
const emailLike = fc
  .tuple(
    fc.array(fc.constantFrom(...localPieces), { minLength: 1, maxLength: 10 }),
    fc.array(fc.array(fc.constantFrom(...domainPieces), { minLength: 1, maxLength: 8 }), {
      minLength: 1,
      maxLength: 3,
    }),
    fc.constantFrom("org", "de", "COM", "中国", "x", ""),
  )
  .map(
    ([local, labels, top]) =>
      `${local.join("")}@${[...labels.map((l) => l.join("")), top].join(".")}`,
  );
const longEmail = fc
  .tuple(
    fc.integer({ min: 235, max: 250 }),
    fc.constantFrom("example.org", "bücher.de", "例子.中国"),
  )
  .map(([length, domain]) => `${"a".repeat(length)}@${domain}`);
const asciiEmailLike = fc
  .tuple(
    fc.stringMatching(/^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~ \t-]{1,12}$/),
    fc.stringMatching(/^[A-Za-z0-9.\t -]{1,16}$/),
  )
  .map(([local, domain]) => `${local}@${domain}`);

describe("the email verdict", () => {
  it("agrees with the contract's rule on the ASCII form, for any string", () => {
    const text = fc.oneof(
      fc.string({ unit: "grapheme", maxLength: 30 }),
      fc.string({ unit: "binary", maxLength: 30 }),
      emailLike,
      longEmail,
    );

    fc.assert(
      fc.property(text.map(asCell).filter(isCell), (email) => {
        const ascii = toAsciiEmail(email);
        const accepted = emailPattern.test(ascii) && ascii.length <= 255;
        const tooLong = ascii.length > 255;

        const checked = checkCell("emailAddress", email);

        expect(ruleCodesOf(checked, email)).toEqual(
          accepted
            ? []
            : [tooLong ? "errorCode.emailAddressTooLong" : "errorCode.invalidEmailAddress"],
        );
        if (accepted) expect(checked.body.emailAddress).toMatch(/^[\x21-\x7e]+$/);
        if (/\P{ASCII}/u.test(email.slice(0, email.lastIndexOf("@")))) expect(accepted).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it("is exactly the contract's rule for any pure-ASCII string", () => {
    const text = fc.oneof(fc.string({ unit: "binary-ascii", maxLength: 30 }), asciiEmailLike);

    fc.assert(
      fc.property(text.map(asCell).filter(isCell), (email) => {
        const accepted = emailPattern.test(email) && email.length <= 255;

        const checked = checkCell("emailAddress", email);

        expect(ruleCodesOf(checked, email)).toEqual(
          accepted ? [] : ["errorCode.invalidEmailAddress"],
        );
        expect(checked.body.emailAddress).toBe(email);
      }),
      { numRuns: 500 },
    );
  });
});

const countries = getCountries();
const countryOption = fc.constantFrom<CountryCode | undefined>(
  undefined,
  "US",
  "FR",
  "GB",
  "DE",
  "IN",
);

/** Numbers already in the server's format (`+CC digits`) that libphonenumber deems valid. */
const serverFormatPhone = fc
  .tuple(fc.constantFrom(...countries), fc.nat({ max: 99 }), fc.boolean())
  .map(([country, digits, vary]) => {
    const example = getExampleNumber(country, examples);
    if (example === undefined) return undefined;
    const national = String(example.nationalNumber);
    const varied = vary ? national.slice(0, -2) + String(digits).padStart(2, "0") : national;
    return `+${example.countryCallingCode} ${varied}`;
  })
  .filter((phone): phone is string => phone !== undefined && isValidPhoneNumber(phone));

describe("the phone verdict", () => {
  it("sends only the contract's format, for any string and default country", () => {
    const text = fc.oneof(
      fc.string({ unit: "grapheme", maxLength: 25 }),
      fc.stringMatching(/^\+?[0-9 ().x-]{0,25}$/),
      fc.stringMatching(/^\+?[0-9]{1,3}[ -]?[0-9 ]{4,16}( ?(ext\.?|x) ?[0-9]{1,4})?$/),
      serverFormatPhone,
    );

    fc.assert(
      fc.property(text.map(asCell).filter(isCell), countryOption, (phone, defaultCountry) => {
        const checked = checkCell("phoneNumber", phone, { defaultCountry });

        const value = checked.body.phoneNumber;
        const codes = ruleCodesOf(checked, phone);
        if (codes.length === 0) {
          expect(value).toMatch(phonePattern);
          expect(value?.length).toBeLessThanOrEqual(17);
        } else {
          expect(codes).toEqual(["errorCode.invalidPhoneNumber"]);
          expect(value).toBeUndefined();
        }
      }),
      { numRuns: 500 },
    );
  });

  it("keeps a valid number already in the server's format unchanged", () => {
    fc.assert(
      fc.property(serverFormatPhone, countryOption, (phone, defaultCountry) => {
        const checked = checkCell("phoneNumber", phone, { defaultCountry });

        expect(codesOf(checked)).toEqual([]);
        expect(checked.body.phoneNumber).toBe(phone);
      }),
      { numRuns: 300 },
    );
  });

  it("refuses any number without + when no default country is set", () => {
    const text = fc.oneof(
      fc.string({ unit: "grapheme", maxLength: 25 }),
      fc.stringMatching(/^[0-9 ().-]{1,20}$/),
      serverFormatPhone.map((phone) => phone.slice(1)),
      serverFormatPhone.map((phone) => `\uff0b${phone.slice(1)}`),
      serverFormatPhone.map((phone) => `00${phone.slice(1)}`),
    );

    fc.assert(
      fc.property(
        text.map(asCell).filter((phone) => isCell(phone) && !phone.startsWith("+")),
        (phone) => {
          const checked = checkCell("phoneNumber", phone);

          expect(ruleCodesOf(checked, phone)).toEqual(["errorCode.invalidPhoneNumber"]);
          expect(checked.body.phoneNumber).toBeUndefined();
        },
      ),
      { numRuns: 300 },
    );
  });
});

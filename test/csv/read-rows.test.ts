import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { type CsvRow, openParticipantFile, type ReadOptions } from "../../src/csv/read-rows.js";
import { FatalError } from "../../src/errors.js";
import { findHiddenCharacter } from "../../src/hidden-characters.js";
import { failureOf } from "../support/failure-of.js";

const fixture = (name: string) => join(import.meta.dirname, "../fixtures/csv", name);

/**
 * Files whose bytes matter (a BOM, CRLF, a lone CR) are written here by the test, because
 * editors and git settings may rewrite them in a committed file.
 */
const scratch = mkdtempSync(join(tmpdir(), "oc-read-rows-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function writeBytes(name: string, text: string): string {
  const path = join(scratch, name);
  writeFileSync(path, text, "utf8");
  return path;
}

async function readAll(path: string, options?: ReadOptions): Promise<CsvRow[]> {
  const file = await openParticipantFile(path, options);
  const rows: CsvRow[] = [];
  for await (const row of file.rows) rows.push(row);
  return rows;
}

const where = (rows: CsvRow[]) => rows.map(({ row, line }) => ({ row, line }));

describe("openParticipantFile", () => {
  it.each([
    {
      name: "blank lines and a row of empty cells count as spreadsheet rows",
      input: () => fixture("row-numbers.csv"),
      expected: [
        { row: 2, line: 2 },
        { row: 4, line: 4 },
        { row: 7, line: 7 },
      ],
    },
    {
      name: "a row after a quoted multi-line field keeps its row but starts on a later line",
      input: () => fixture("multi-line.csv"),
      expected: [
        { row: 2, line: 2 },
        { row: 3, line: 4 },
        { row: 5, line: 8 },
      ],
    },
    {
      name: "CRLF line endings, inside and outside quotes, number rows the same way",
      input: () =>
        writeBytes(
          "crlf.csv",
          'Participant ID,Email\r\nP-1,a@example.org\r\n\r\nP-2,"x\r\ny"\r\nP-3,\r\n',
        ),
      expected: [
        { row: 2, line: 2 },
        { row: 4, line: 4 },
        { row: 5, line: 6 },
      ],
    },
    {
      name: "LF inside quotes with CRLF between rows, as Excel writes, numbers rows the same way",
      input: () => writeBytes("excel.csv", 'Participant ID,Email\r\n"P-1","a\nb"\r\nP-2,\r\n'),
      expected: [
        { row: 2, line: 2 },
        { row: 3, line: 4 },
      ],
    },
    {
      name: "lone CR line endings end rows too",
      input: () => writeBytes("cr.csv", "Participant ID\rP-1\rP-2\r"),
      expected: [
        { row: 2, line: 2 },
        { row: 3, line: 3 },
      ],
    },
  ])("numbers rows: $name", async ({ input, expected }) => {
    const path = input();

    const rows = await readAll(path);

    expect(where(rows)).toEqual(expected);
  });

  it("keeps line breaks inside a quoted field", async () => {
    const path = fixture("multi-line.csv");

    const rows = await readAll(path);

    expect(rows.map((row) => row.cells)).toEqual([
      { subjectKey: "P-1", firstName: "Ann\nMarie", lastName: "Lee" },
      { subjectKey: "P-2", firstName: "Bob", lastName: "Smith\nJones\nJr" },
      { subjectKey: "P-3", firstName: "Cy", lastName: "Doe" },
    ]);
  });

  it("reads a quoted header after a BOM, with CRLF", async () => {
    const path = writeBytes(
      "bom.csv",
      '\uFEFF"Participant ID","Email"\r\n"P-1","a@example.org"\r\n',
    );

    const file = await openParticipantFile(path);
    const rows = await readAll(path);

    expect(file.columns.headers).toEqual(["Participant ID", "Email"]);
    expect(rows).toEqual([
      { row: 2, line: 2, cells: { subjectKey: "P-1", emailAddress: "a@example.org" } },
    ]);
  });

  it("trims values, leaves empty cells out and keeps leading zeros as text", async () => {
    const path = fixture("values.csv");

    const rows = await readAll(path);

    expect(rows.map((row) => row.cells)).toEqual([
      { subjectKey: "007", identifier: "000123" },
      { subjectKey: "0042", identifier: "0099", phoneNumber: "+1 6175550123" },
    ]);
  });

  it("flags rows with the wrong field count and reads on", async () => {
    const path = fixture("malformed.csv");

    const rows = await readAll(path);

    expect(rows).toEqual([
      { row: 2, line: 2, cells: { subjectKey: "P-1", emailAddress: "a@example.org" } },
      { row: 3, line: 3, cells: {}, malformed: { found: 3, expected: 2 } },
      { row: 4, line: 4, cells: {}, malformed: { found: 1, expected: 2 } },
      { row: 5, line: 5, cells: { subjectKey: "P-4", emailAddress: "d@example.org" } },
      { row: 6, line: 6, cells: {}, malformed: { found: 4, expected: 2 } },
      { row: 7, line: 7, cells: { subjectKey: "P-6", emailAddress: "f@example.org" } },
    ]);
  });

  it("takes another delimiter when told", async () => {
    const path = fixture("semicolon.csv");

    const rows = await readAll(path, { delimiter: ";" });

    expect(rows.map((row) => row.cells)).toEqual([
      { subjectKey: "P-1", emailAddress: "a@example.org" },
    ]);
  });

  it("refuses an unclosed quote, naming the row and line where it opens", async () => {
    const path = fixture("unclosed-quote.csv");

    const error = await failureOf(() => readAll(path));

    expect(error.code).toBe("input");
    expect(error.message).toMatch(/, row 4 \(line 4\), column 2 \("First Name"\):/);
  });

  it.each([
    {
      name: "a quote inside an unquoted value",
      input: 'Participant ID,Site OID,First Name\nP-1,S_A,Ann\nP-2,S_A,Ann "Nan" Lee\n',
      expected: { where: 'row 3 (line 3), column 3 ("First Name")', code: "INVALID_OPENING_QUOTE" },
    },
    {
      name: "a quote at the end of an unquoted value",
      input: 'Participant ID,First Name\nP-1,Nan"\n',
      expected: { where: 'row 2 (line 2), column 2 ("First Name")', code: "INVALID_OPENING_QUOTE" },
    },
    {
      name: "a space before an opening quote",
      input: 'Participant ID,First Name\nP-1, "Nan"\n',
      expected: { where: 'row 2 (line 2), column 2 ("First Name")', code: "INVALID_OPENING_QUOTE" },
    },
    {
      name: "text after a closing quote",
      input: 'Participant ID,First Name,Last Name\nP-1,"Nan" Ann,Lee\n',
      expected: {
        where: 'row 2 (line 2), column 2 ("First Name")',
        code: "CSV_INVALID_CLOSING_QUOTE",
      },
    },
    {
      name: "a quote after a sep= line, a quoted CRLF and a blank row",
      input: 'sep=,\r\nParticipant ID,Notes,Last Name\r\n"P-1","a\r\nb",Lee\r\n\r\nP-2,x,Nan"\r\n',
      expected: { where: 'row 4 (line 6), column 3 ("Last Name")', code: "INVALID_OPENING_QUOTE" },
    },
    {
      name: "a quote in a column whose header the tool does not know",
      input: 'Participant ID,Notes\nP-1,Nan "x"\n',
      expected: { where: "row 2 (line 2), column 2:", code: "INVALID_OPENING_QUOTE" },
    },
    {
      name: "a quote in a file whose first row is data, not a header",
      input: 'P-1,Nan\nP-2,Nan "x"\n',
      expected: { where: "row 2 (line 2), column 2:", code: "INVALID_OPENING_QUOTE" },
    },
    {
      name: "a quote in the header",
      input: 'Participant ID,First "Nan"\nP-1,Ann\n',
      expected: { where: "row 1 (line 1), column 2 of the header", code: "INVALID_OPENING_QUOTE" },
    },
    {
      name: "a quote under a header holding a tab",
      input: 'Participant ID,First\tName\nP-1,Nan "x"\n',
      expected: { where: 'column 2 ("First<U+0009>Name")', code: "INVALID_OPENING_QUOTE" },
    },
  ])("refuses $name, naming where and never the value", async ({ input, expected }) => {
    const path = writeBytes("quote.csv", input);

    const error = await failureOf(() => readAll(path));

    expect(error.code).toBe("input");
    expect(error.message).toContain(expected.where);
    expect(error.message).toContain("Nothing was sent");
    expect(error.message).not.toContain(expected.code);
    expect(error.message).not.toContain("Nan");
    expect(findHiddenCharacter(error.message)).toBeUndefined();
  });

  it.each([
    { name: "a missing file", input: () => join(scratch, "no-such-file.csv") },
    { name: "a folder", input: () => scratch },
    { name: "an empty file", input: () => fixture("empty.csv") },
  ])("refuses $name with an input error", async ({ input }) => {
    const path = input();

    const error = await failureOf(() => openParticipantFile(path));

    expect(error.code).toBe("input");
    expect(error.message).toContain(path);
  });

  it("refuses a header without an ID column, listing the headers seen", async () => {
    const path = writeBytes("no-id.csv", "Name,Email\nAda,a@example.org\n");

    const error = await failureOf(() => openParticipantFile(path));

    expect(error.code).toBe("input");
    expect(error.message).toContain('"Name", "Email"');
  });

  it("reads any text to rows in order, or refuses it with an input error", async () => {
    const text = fc
      .array(fc.constantFrom("a", "0", " ", ",", '"', "\n", "\r", "\r\n", "é", "😀"), {
        maxLength: 60,
      })
      .map((parts) => `Participant ID,Email\n${parts.join("")}`);
    let run = 0;

    await fc.assert(
      fc.asyncProperty(text, async (content) => {
        const path = writeBytes(`any-${run++}.csv`, content);

        const outcome = await readAll(path).then(
          (rows) => ({ rows }),
          (error: unknown) => ({ error }),
        );

        if ("error" in outcome) {
          expect(outcome.error).toBeInstanceOf(FatalError);
          expect((outcome.error as FatalError).code).toBe("input");
          return;
        }
        const rows = outcome.rows.map((row) => row.row);
        expect(rows).toEqual([...new Set(rows)].sort((a, b) => a - b));
        for (const row of outcome.rows) expect(row.line).toBeGreaterThanOrEqual(row.row);
      }),
      { numRuns: 200 },
    );
  });
});

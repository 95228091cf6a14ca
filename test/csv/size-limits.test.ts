import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { maxLineLength, maxRecordBytes } from "../../src/csv/line-limit.js";
import { type CsvRow, maxColumns, openParticipantFile } from "../../src/csv/read-rows.js";
import { failureOf } from "../support/failure-of.js";

/**
 * How the reader copes with lines and records far past any participant row. The big inputs are
 * made here at run time, never committed.
 */
const scratch = mkdtempSync(join(tmpdir(), "oc-size-limits-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let written = 0;
function writeText(text: string): string {
  const path = join(scratch, `case-${written++}.csv`);
  writeFileSync(path, text, "utf8");
  return path;
}

async function readAll(path: string): Promise<CsvRow[]> {
  const file = await openParticipantFile(path);
  const rows: CsvRow[] = [];
  for await (const row of file.rows) rows.push(row);
  return rows;
}

const header = "Participant ID,Site OID";
const huge = (length: number, letter = "A") => letter.repeat(length);
const where = (rows: CsvRow[]) =>
  rows.map(({ row, line, tooLarge, cells }) => ({
    row,
    line,
    tooLarge: tooLarge !== undefined,
    id: cells.subjectKey,
  }));

describe("lines too long for a participant row", () => {
  it.each([
    {
      name: "one giant unquoted field",
      input: () => `${header}\nP-1,S_A\n${huge(maxLineLength * 3)},S_A\nP-3,S_A\n`,
      expected: [
        { row: 2, line: 2, tooLarge: false, id: "P-1" },
        { row: 3, line: 3, tooLarge: true, id: undefined },
        { row: 4, line: 4, tooLarge: false, id: "P-3" },
      ],
    },
    {
      name: "a giant quoted field closed on its own line",
      input: () => `${header}\r\nP-1,"${huge(maxLineLength + 1)}"\r\nP-3,S_A\r\n`,
      expected: [
        { row: 2, line: 2, tooLarge: true, id: undefined },
        { row: 3, line: 3, tooLarge: false, id: "P-3" },
      ],
    },
    {
      name: "two giant lines and a quoted line break between them",
      input: () =>
        `${header}\n${huge(maxLineLength + 5)}\n"P-3","S\nA"\n${huge(maxLineLength * 2, "é")}\nP-5,S_A`,
      expected: [
        { row: 2, line: 2, tooLarge: true, id: undefined },
        { row: 3, line: 3, tooLarge: false, id: "P-3" },
        { row: 4, line: 5, tooLarge: true, id: undefined },
        { row: 5, line: 6, tooLarge: false, id: "P-5" },
      ],
    },
    {
      name: "a giant last line without a line break",
      input: () => `${header}\nP-1,S_A\n${huge(maxLineLength * 2)}`,
      expected: [
        { row: 2, line: 2, tooLarge: false, id: "P-1" },
        { row: 3, line: 3, tooLarge: true, id: undefined },
      ],
    },
    {
      name: "a line just at the limit",
      input: () => `${header}\nP-1,${huge(maxLineLength - 4)}\n`,
      expected: [{ row: 2, line: 2, tooLarge: false, id: "P-1" }],
    },
  ])("marks the row and reads on: $name", async ({ input, expected }) => {
    const path = writeText(input());

    const rows = await readAll(path);

    expect(where(rows)).toEqual(expected);
  });
});

describe("files refused for their size", () => {
  const rows = (count: number, from = 3) =>
    Array.from({ length: count }, (_, index) => `P-${index + from},S_A`).join("\n");

  it.each([
    {
      name: "a stray quote on row 4 that swallows the rest of the file",
      input: () => `${header}\nP-1,S_A\nP-2,S_A\n"P-3,S_A\n${rows(maxRecordBytes / 8, 4)}\n`,
      expected: ["row 4", "line 4", "stray"],
    },
    {
      name: "a stray quote after a quoted line break",
      input: () => `${header}\n"P-1","S\r\nA"\nP-2,"S_A\n${rows(maxRecordBytes / 8)}\n`,
      expected: ["row 3", "line 4", "stray"],
    },
    {
      name: "a long line that leaves a quote open",
      input: () => `${header}\nP-1,S_A\nP-2,"${huge(maxLineLength)}\nmore"\n`,
      expected: ["row 3", "line 3"],
    },
    {
      name: "a header line longer than the limit",
      input: () => `${huge(maxLineLength + 1)}\nP-1,S_A\n`,
      expected: ["line 1"],
    },
    {
      name: "a header with more columns than any participant file",
      input: () => `Participant ID${",x".repeat(maxColumns)}\nP-1\n`,
      expected: ["line 1", (maxColumns + 1).toLocaleString("en-US")],
    },
    {
      name: "a single line of 1 MB with no line break at all",
      input: () => huge(1024 * 1024, ","),
      expected: ["line 1"],
    },
  ])("refuses $name, naming where", async ({ input, expected }) => {
    const path = writeText(input());

    const error = await failureOf(() => readAll(path));

    expect(error.code).toBe("input");
    for (const part of expected) expect(error.message).toContain(part);
  });

  it("reads a header of exactly the column limit", async () => {
    const path = writeText(`Participant ID${",x".repeat(maxColumns - 1)}\nP-1\n`);

    const file = await openParticipantFile(path);

    expect(file.columns.headers).toHaveLength(maxColumns);
  });
});

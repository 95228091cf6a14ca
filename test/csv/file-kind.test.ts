import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { readText } from "../../src/csv/decode.js";
import { describeFileKind, detectFileKind, type FileKind } from "../../src/csv/file-kind.js";
import { failureOf } from "../support/failure-of.js";

const scratch = mkdtempSync(join(tmpdir(), "oc-file-kind-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let written = 0;
function writeBytes(bytes: Buffer): string {
  const path = join(scratch, `case-${written++}.csv`);
  writeFileSync(path, bytes);
  return path;
}

/** A ZIP local file header (APPNOTE 4.3.7) for one stored entry, as Office programs write first. */
function zipEntry(name: string, content = ""): Buffer {
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(name.length, 26);
  return Buffer.concat([header, Buffer.from(name, "latin1"), Buffer.from(content, "latin1")]);
}

const csvText = "Participant ID,First Name\nP-1,Ann\n";

const cases: { name: string; input: Buffer; encoding?: string; expected: FileKind }[] = [
  {
    name: "an Excel workbook",
    input: Buffer.concat([
      zipEntry("[Content_Types].xml", "<Types/>"),
      zipEntry("xl/workbook.xml"),
    ]),
    expected: "xlsx",
  },
  {
    name: "a Word document",
    input: Buffer.concat([zipEntry("[Content_Types].xml"), zipEntry("word/document.xml")]),
    expected: "docx",
  },
  {
    name: "a LibreOffice spreadsheet",
    input: zipEntry("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
    expected: "ods",
  },
  {
    name: "a LibreOffice text document",
    input: zipEntry("mimetype", "application/vnd.oasis.opendocument.text"),
    expected: "odt",
  },
  { name: "a plain ZIP archive", input: zipEntry("participants.csv", csvText), expected: "zip" },
  {
    name: "an empty ZIP archive",
    input: Buffer.from([0x50, 0x4b, 0x05, 0x06, ...Buffer.alloc(18)]),
    expected: "zip",
  },
  {
    name: "an old Excel workbook",
    input: Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0x00, 0x3e]),
    expected: "ole",
  },
  { name: "a PDF", input: Buffer.from("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "latin1"), expected: "pdf" },
  { name: "a gzip file", input: gzipSync(csvText), expected: "gzip" },
  {
    name: "a gzip file even when told windows-1252",
    input: gzipSync(csvText),
    encoding: "windows-1252",
    expected: "gzip",
  },
  {
    name: "a PNG image",
    input: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
    expected: "image",
  },
  {
    name: "UTF-16LE text without a BOM",
    input: Buffer.from(csvText, "utf16le"),
    expected: "utf16",
  },
  {
    name: "UTF-16BE text without a BOM",
    input: Buffer.from(csvText, "utf16le").swap16(),
    expected: "utf16",
  },
  {
    name: "valid UTF-8 with a NUL byte",
    input: Buffer.from("Participant ID,First Name\nP-1,A\u0000nn\n"),
    expected: "binary",
  },
  {
    name: "random bytes with NULs",
    input: Buffer.from([0x13, 0x00, 0xff, 0x42, 0x00, 0x00, 0x91, 0x7a, 0x00, 0xfe]),
    expected: "binary",
  },
];

const textCases: { name: string; input: Buffer; encoding?: string; expected: string }[] = [
  { name: "a CSV", input: Buffer.from(csvText), expected: csvText },
  {
    name: "a CSV whose header starts with PK",
    input: Buffer.from("PK,Participant ID\n1,P-1\n"),
    expected: "PK,Participant ID\n1,P-1\n",
  },
  {
    name: "UTF-16LE with its BOM",
    input: Buffer.from(`\ufeff${csvText}`, "utf16le"),
    expected: csvText,
  },
  {
    name: "UTF-16LE without a BOM when told utf-16le",
    input: Buffer.from(csvText, "utf16le"),
    encoding: "utf-16le",
    expected: csvText,
  },
  {
    name: "UTF-16 without a BOM when told utf-16",
    input: Buffer.from(csvText, "utf16le"),
    encoding: "utf-16",
    expected: csvText,
  },
  { name: "an empty file", input: Buffer.alloc(0), expected: "" },
];

async function readAll(path: string, encoding?: string): Promise<string> {
  let text = "";
  for await (const chunk of readText(path, encoding)) text += chunk;
  return text;
}

describe("detectFileKind", () => {
  it.each(cases)("recognises $name", ({ input, encoding, expected }) => {
    const multiByte = encoding?.startsWith("utf-16") === true;

    const kind = detectFileKind(input, multiByte);

    expect(kind).toBe(expected);
  });

  it("takes NUL bytes as text when the encoding is UTF-16", () => {
    const input = Buffer.from(csvText, "utf16le");

    const kind = detectFileKind(input, true);

    expect(kind).toBeUndefined();
  });
});

describe("readText on a file that is not CSV text", () => {
  it.each(cases)("refuses $name as an input error naming the file", async (testCase) => {
    const path = writeBytes(testCase.input);

    const error = await failureOf(() => readAll(path, testCase.encoding));

    expect(error.code).toBe("input");
    expect(error.message).toBe(describeFileKind(path, testCase.expected));
  });

  it.each(textCases)("reads $name", async ({ input, encoding, expected }) => {
    const path = writeBytes(input);

    const text = await readAll(path, encoding);

    expect(text).toBe(expected);
  });
});

describe("describeFileKind", () => {
  it("names the file and says that nothing was sent", () => {
    const message = describeFileKind("list.xlsx", "xlsx");

    expect(message).toMatch(/^list\.xlsx .*Nothing was sent\./);
  });
});

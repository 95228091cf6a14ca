import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkEncoding, readText } from "../../src/csv/decode.js";
import type { FatalCode } from "../../src/errors.js";
import { failureOf } from "../support/failure-of.js";

const fixture = (name: string) => join(import.meta.dirname, "../fixtures/files", name);

/** Files larger than one read chunk (64 KiB) are made here rather than committed. */
const scratch = mkdtempSync(join(tmpdir(), "oc-decode-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function writeBytes(name: string, bytes: Buffer): string {
  const path = join(scratch, name);
  writeFileSync(path, bytes);
  return path;
}

async function readAll(path: string, encoding?: string): Promise<string> {
  let text = "";
  for await (const chunk of readText(path, encoding)) text += chunk;
  return text;
}

const chunkSize = 65_536;

const decodedCases: {
  name: string;
  input: { path: () => string; encoding?: string };
  expected: string;
}[] = [
  {
    name: "UTF-8 with a BOM, without the BOM",
    input: { path: () => fixture("bom-quoted-header.csv") },
    expected: '"Participant ID","Email"\r\n"P-1","a@example.org"\r\n',
  },
  {
    name: "UTF-8 with a BOM as UTF-8 even when told windows-1252",
    input: { path: () => fixture("bom-sep-line.csv"), encoding: "windows-1252" },
    expected: "sep=;\r\nParticipant ID;Email\r\nP-1;a@example.org\r\n",
  },
  {
    name: "windows-1252 letters, € and a curly quote",
    input: { path: () => fixture("windows-1252.csv"), encoding: "windows-1252" },
    expected:
      "Participant ID,First Name,Last Name,Secondary ID\r\nP-1,Zoë,Brontë,€-42\r\nP-2,Renée,O\u2019Brien,\r\nP-3,Ann,Lee,\uFFFD\r\n",
  },
  {
    name: "latin1 letters",
    input: { path: () => fixture("latin1.csv"), encoding: "latin1" },
    expected: "Participant ID,First Name\nP-1,José\nP-2,Mañana\n",
  },
  {
    name: "UTF-16LE with a BOM, without the BOM",
    input: { path: () => fixture("utf16le-bom.csv") },
    expected: "Participant ID,First Name,Last Name\r\nP-1,Zoë,€uro\r\nP-2,😀,Lee\r\n",
  },
  {
    name: "UTF-16BE with a BOM, even when told utf-8",
    input: { path: () => fixture("utf16be-bom.csv"), encoding: "utf-8" },
    expected: "Participant ID,First Name,Last Name\r\nP-1,Zoë,€uro\r\nP-2,😀,Lee\r\n",
  },
  {
    name: "a letter split between two read chunks",
    input: {
      path: () => writeBytes("split.csv", Buffer.from(`${"a".repeat(chunkSize - 1)}ë€\n`)),
    },
    expected: `${"a".repeat(chunkSize - 1)}ë€\n`,
  },
  {
    name: "a windows-1252 file longer than one chunk",
    input: {
      path: () =>
        writeBytes(
          "long-1252.csv",
          Buffer.concat([Buffer.alloc(chunkSize + 10, 0x61), Buffer.from([0xe9, 0x80])]),
        ),
      encoding: "windows-1252",
    },
    expected: `${"a".repeat(chunkSize + 10)}é€`,
  },
];

const refusedCases: {
  name: string;
  input: { path: () => string; encoding?: string };
  expected: { code: FatalCode; messageIncludes: string[] };
}[] = [
  {
    name: "a Windows-1252 byte read as UTF-8",
    input: { path: () => fixture("invalid-utf8.csv") },
    expected: { code: "input", messageIncludes: ["line 4", "byte 50", "--encoding windows-1252"] },
  },
  {
    name: "a sequence cut off at the end of the file",
    input: { path: () => fixture("truncated-utf8.csv"), encoding: "UTF8" },
    expected: { code: "input", messageIncludes: ["line 3", "byte 25"] },
  },
  {
    name: "a bad byte in the second read chunk",
    input: {
      path: () =>
        writeBytes(
          "late-bad-byte.csv",
          Buffer.concat([
            Buffer.from("h\r\n"),
            Buffer.alloc(chunkSize, 0x61),
            Buffer.from("\n\xff", "latin1"),
          ]),
        ),
    },
    expected: { code: "input", messageIncludes: ["line 3", `byte ${chunkSize + 4}`] },
  },
  {
    name: "an encoding nobody knows",
    input: { path: () => fixture("latin1.csv"), encoding: "klingon" },
    expected: { code: "usage", messageIncludes: ['"klingon"'] },
  },
  {
    name: "a missing file",
    input: { path: () => join(scratch, "missing.csv") },
    expected: { code: "input", messageIncludes: ["missing.csv", "does not exist"] },
  },
  {
    name: "a folder",
    input: { path: () => scratch },
    expected: { code: "input", messageIncludes: ["folder"] },
  },
];

describe("readText", () => {
  it.each(decodedCases)("decodes $name", async ({ input, expected }) => {
    const path = input.path();

    const text = await readAll(path, input.encoding);

    expect(text).toBe(expected);
  });

  it.each(refusedCases)("refuses $name", async ({ input, expected }) => {
    const path = input.path();

    const error = await failureOf(() => readAll(path, input.encoding));

    expect(error.code).toBe(expected.code);
    for (const part of expected.messageIncludes) expect(error.message).toContain(part);
  });
});

describe("checkEncoding", () => {
  it.each([
    "utf-8",
    "UTF8",
    "windows-1252",
    "cp1252",
    "latin1",
    "ISO-8859-1",
    "utf-16",
    "utf-16le",
  ])("accepts %s", (encoding) => {
    const check = () => checkEncoding(encoding);

    expect(check).not.toThrow();
  });

  it.each(["klingon", "", "utf-9"])("refuses %j as a usage error", (encoding) => {
    const check = () => checkEncoding(encoding);

    expect(check).toThrow(expect.objectContaining({ code: "usage" }));
  });
});

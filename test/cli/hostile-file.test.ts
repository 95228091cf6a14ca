import { execFile } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { root, runCli, scratchPath, stackLines } from "./support.js";

/**
 * Files meant to hurt: each ends in a clear refusal or a report, in bounded memory and time,
 * never a hang or a stack trace. The big files are made here at run time.
 */
const megabyte = 1024 * 1024;

/** Peak memory (kB) and summary of `runValidate` on one file, in a child given `seconds` at most. */
function validateInChild(file: string, seconds: number) {
  const script = `
    import { runValidate } from ${JSON.stringify(join(root, "dist/index.js"))};
    let result;
    try {
      const summary = await runValidate({ file: ${JSON.stringify(file)}, defaultSiteOid: "S_A(TEST)" });
      result = { rows: summary.rows, invalid: summary.outcomes.invalid };
    } catch (error) {
      result = { error: error.name, code: error.code };
    }
    console.log(JSON.stringify({ ...result, maxRss: process.resourceUsage().maxRSS }));
  `;

  return new Promise<Record<string, unknown>>((resolve, reject) => {
    execFile(
      process.execPath,
      ["--input-type=module", "-e", script],
      { timeout: seconds * 1000, killSignal: "SIGKILL" },
      (error, stdout) => {
        if (error !== null) reject(new Error(`the child did not finish: ${error.message}`));
        else resolve(JSON.parse(stdout) as Record<string, unknown>);
      },
    );
  });
}

function writeFile(name: string, content: string | Buffer): string {
  const path = scratchPath(name);
  writeFileSync(path, content);
  return path;
}

describe("a hostile participant file", () => {
  it.each([
    {
      name: "a 50 MB field",
      content: () =>
        `Participant ID,Site OID\n${"A".repeat(50 * megabyte)},S_A(TEST)\nP-2,S_A(TEST)\n`,
      expected: { rows: 2, invalid: 1 },
    },
    {
      name: "a stray quote before 20 MB of rows",
      content: () =>
        `Participant ID,Site OID\n"P-1,S_A(TEST)\n${"P-9,S_A(TEST)\n".repeat((20 * megabyte) / 14)}`,
      expected: { error: "FatalError", code: "input" },
    },
  ])("reads $name in bounded memory and time", async ({ content, expected }) => {
    const file = writeFile("big.csv", content());

    const result = await validateInChild(file, 20);

    expect(result).toMatchObject(expected);
    expect(result.maxRss).toBeLessThan(150 * 1024);
  });

  it.each([
    {
      name: "an Excel workbook",
      content: () =>
        Buffer.concat([Buffer.from("PK\x03\x04", "latin1"), Buffer.alloc(26), Buffer.from("xl/")]),
    },
    { name: "a PDF", content: () => Buffer.from("%PDF-1.4\n1 0 obj\n") },
    { name: "a gzip file", content: () => gzipSync("Participant ID\nP-1\n") },
    { name: "a binary file", content: () => Buffer.from([0x00, 0x01, 0x02, 0x00, 0xff]) },
    { name: "a header line of 1 MB", content: () => `${"x".repeat(megabyte)}\nP-1\n` },
  ])("refuses $name with exit 2, naming the file, without a stack trace", async ({ content }) => {
    const file = writeFile("hostile.csv", content());

    const run = await runCli(["validate", file, "--report", scratchPath("r.csv")]);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain(file.split("/").pop());
    expect(stackLines(run.stderr)).toEqual([]);
  });

  it("refuses prose with no delimiter for its missing participant ID column, as before", async () => {
    const file = writeFile(
      "prose.csv",
      "Dear team, please find the participants below.\nThanks, Ann\n",
    );

    const run = await runCli(["validate", file, "--report", scratchPath("r.csv")]);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('"Participant ID"');
    expect(stackLines(run.stderr)).toEqual([]);
  });

  it("reports a hidden character by its code, never writing it to the terminal", async () => {
    const file = writeFile(
      "escape.csv",
      'Participant ID,First Name,Site OID\nP-1,"Ann\u001b[2J",S_A(TEST)\nP-2,Bob,S_A(TEST)\n',
    );
    const report = scratchPath("r.csv");

    const run = await runCli(["validate", file, "--report", report]);

    expect(run.code).toBe(1);
    expect(run.stdout + run.stderr).not.toContain("\u001b");
    expect(readFileSync(report, "utf8")).toMatch(
      /^2,2,P-1,S_A\(TEST\),invalid,local\.controlCharacter,.*U\+001B/m,
    );
  });

  it("names a header's escape sequence by its code in the refusal", async () => {
    const file = writeFile("escape-header.csv", "Name\u001b[31m,Site OID\nAnn,S_A(TEST)\n");

    const run = await runCli(["validate", file, "--report", scratchPath("r.csv")]);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain("<U+001B>");
    expect(run.stderr).not.toContain("\u001b");
  });
});

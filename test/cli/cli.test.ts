import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  closedPort,
  fixture,
  readJsonLines,
  runCli,
  sample,
  scratch,
  scratchPath,
  stackLines,
} from "./support.js";

describe.concurrent("oc-participants", () => {
  it.each([
    { name: "a clean file", input: () => [fixture("clean.csv")], expected: 0 },
    { name: "a file with invalid rows", input: () => [sample], expected: 1 },
    { name: "a missing file", input: () => [join(scratch, "no-such-file.csv")], expected: 2 },
    {
      name: "a file without an ID column",
      input: () => [fixture("no-id-column.csv")],
      expected: 2,
    },
    { name: "an unknown option", input: () => [fixture("clean.csv"), "--frobnicate"], expected: 2 },
    {
      name: "a bad --default-country",
      input: () => [fixture("clean.csv"), "--default-country", "XX"],
      expected: 2,
    },
  ])("validate exits $expected for $name", async ({ input, expected }) => {
    const args = ["validate", ...input(), "--report", scratchPath("report.csv")];

    const run = await runCli(args);

    expect(run.code).toBe(expected);
    expect(stackLines(run.stderr)).toEqual([]);
  });

  it("validate counts the sample's rows in --json", async () => {
    const args = ["validate", sample, "--json", "--report", scratchPath("report.csv")];

    const run = await runCli(args);

    expect(JSON.parse(run.stdout)).toMatchObject({
      rows: 200,
      outcomes: { valid: 184, invalid: 16 },
    });
  });

  it("counts, never quotes, a first line that holds no header it knows (a participant, maybe)", async () => {
    const file = scratchPath("no-header.csv");
    writeFileSync(file, "HS-1,Zebulon,Quxley,S_A(TEST)\nHS-2,Ada,Byron,S_A(TEST)\n");

    const run = await runCli(["validate", file, "--report", scratchPath("r.csv")]);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain("none of its 4 columns has a header this tool knows");
    for (const value of ["Zebulon", "Quxley", "HS-1"]) expect(run.stderr).not.toContain(value);
  });

  it("names the headers it saw when there is no ID column, without a stack trace", async () => {
    const args = ["validate", fixture("no-id-column.csv"), "--report", scratchPath("r.csv")];

    const run = await runCli(args);

    expect(run.code).toBe(2);
    for (const header of ["Name", "E-mail", "Site"]) expect(run.stderr).toContain(`"${header}"`);
    expect(stackLines(run.stderr)).toEqual([]);
  });

  it("leaves no report behind when the input file is missing", async () => {
    const report = scratchPath("report.csv");

    const run = await runCli(["validate", join(scratch, "missing.csv"), "--report", report]);

    expect(run.code).toBe(2);
    expect(existsSync(report)).toBe(false);
  });

  it("imports the sample into the sandbox with the counts samples/README.md gives", async () => {
    const args = ["import", sample, "--sandbox", "--json", "--report", scratchPath("r.csv")];

    const run = await runCli(args);

    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({
      rows: 200,
      outcomes: {
        created: 179,
        updated: 3,
        invalid: 16,
        conflict: 2,
        rejected: 0,
        failed: 0,
        skipped: 0,
      },
    });
  });

  it("says with --verbose where it is sending and how much, and without it says nothing of that", async () => {
    const args = ["import", fixture("clean.csv"), "--sandbox", "--report", scratchPath("r.csv")];

    const [verbose, plain] = await Promise.all([runCli([...args, "--verbose"]), runCli(args)]);

    expect(verbose.stderr).toMatch(
      /Connected to http:\/\/127\.0\.0\.1:\d+: S_\w+\(TEST\) holds \d+ participants; the file has \d+ rows, sent 4 at a time\./,
    );
    expect(plain.stderr).not.toContain("Connected to");
  });

  it("exits 3 when the sandbox refuses the password", async () => {
    const args = ["import", fixture("clean.csv"), "--sandbox", "--report", scratchPath("r.csv")];

    const run = await runCli(args, { OC_USERNAME: "dm.sandbox", OC_PASSWORD: "wrong" });

    expect(run.code).toBe(3);
    expect(stackLines(run.stderr)).toEqual([]);
  });

  it("exits 4 when nothing listens at --server", async () => {
    const port = await closedPort();
    const args = [
      "import",
      fixture("clean.csv"),
      "--server",
      `http://127.0.0.1:${port}`,
      "--study",
      "S_HARBOR(TEST)",
      "--retries",
      "0",
      "--report",
      scratchPath("r.csv"),
    ];

    const run = await runCli(args, { OC_USERNAME: "dm.sandbox", OC_PASSWORD: "sandbox-dm" });

    expect(run.code).toBe(4);
    expect(stackLines(run.stderr)).toEqual([]);
  });

  it.each<{ name: string; input: { args: string[]; env: Record<string, string> } }>([
    {
      name: "no credentials",
      input: { args: ["--server", "http://127.0.0.1:9", "--study", "S_X"], env: {} },
    },
    { name: "no server", input: { args: ["--study", "S_X"], env: { OC_TOKEN: "a.b.c" } } },
    {
      name: "both --sandbox and --server",
      input: { args: ["--sandbox", "--server", "http://127.0.0.1:9"], env: {} },
    },
  ])("import exits 2 with $name", async ({ input }) => {
    const args = ["import", fixture("clean.csv"), ...input.args, "--report", scratchPath("r.csv")];

    const run = await runCli(args, input.env);

    expect(run.code).toBe(2);
  });

  it.each([
    { name: "the program", input: ["--help"] },
    { name: "validate", input: ["validate", "--help"] },
    { name: "import", input: ["import", "--help"] },
    { name: "sandbox", input: ["sandbox", "--help"] },
    { name: "the version", input: ["--version"] },
  ])("exits 0 for --help of $name", async ({ input }) => {
    const run = await runCli(input);

    expect(run.code).toBe(0);
    expect(run.stdout).not.toBe("");
  });

  it("gives the same errorCode for every locally invalid row in validate and import", async () => {
    const validateReport = scratchPath("validate.jsonl");
    const importReport = scratchPath("import.jsonl");

    const runs = await Promise.all([
      runCli(["validate", sample, "--report", validateReport]),
      runCli(["import", sample, "--sandbox", "--report", importReport]),
    ]);

    expect(runs.map((run) => run.code)).toEqual([1, 1]);
    const invalidRows = (path: string) =>
      readJsonLines(path)
        .filter((line) => line.outcome === "invalid")
        .map((line) => [line.row, line.errorCode])
        .sort((a, b) => Number(a[0]) - Number(b[0]));
    const validated = invalidRows(validateReport);
    expect(validated).toHaveLength(16);
    expect(invalidRows(importReport)).toEqual(validated);
  });
});

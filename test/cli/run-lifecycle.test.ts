import { spawn } from "node:child_process";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import type { Sandbox } from "../../src/sandbox/index.js";
import { boston, harbor, startTestSandbox } from "../sandbox/support.js";
import { bin, readJsonLines, runCli, sample, scratch, scratchPath } from "./support.js";

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

const dm = { OC_USERNAME: "dm", OC_PASSWORD: "dm-pw" };

function writeCsv(name: string, text: string): string {
  const path = scratchPath(name);
  writeFileSync(path, text);
  return path;
}

function manyRows(count: number): string {
  const rows = Array.from({ length: count }, (_, index) => `STOP-${index},${boston}`);
  return `Participant ID,Site OID\n${rows.join("\n")}\n`;
}

describe("a run's beginning and end", () => {
  it("refuses a report path that is the input file, and leaves the input intact", async () => {
    const input = writeCsv("same.csv", readFileSync(sample, "utf8"));
    const before = readFileSync(input, "utf8");

    const run = await runCli(["validate", input, "--report", input]);

    expect(run.code).toBe(2);
    expect(readFileSync(input, "utf8")).toBe(before);
  });

  it("refuses a file with a header and no rows, and writes no report", async () => {
    const input = writeCsv("header-only.csv", "Participant ID,Email\n");
    const report = scratchPath("header-only.report.csv");

    const run = await runCli(["validate", input, "--report", report]);

    expect(run.code).toBe(2);
    expect(existsSync(report)).toBe(false);
  });

  it("does not quote a first row of data that stands where the header should be", async () => {
    const input = writeCsv("no-header.csv", "HH-1,Ana,ana@example.org,+1 617 555 0142\n");

    const run = await runCli(["validate", input]);

    expect(run.code).toBe(2);
    expect(run.stderr).not.toContain("ana@example.org");
    expect(run.stderr).not.toContain("Ana");
  });

  it.each([
    { name: "no arguments", args: [] },
    {
      name: "a --server without a scheme",
      args: ["import", sample, "--server", "127.0.0.1:9", "--study", harbor],
    },
    {
      name: "an ftp --server",
      args: ["import", sample, "--server", "ftp://127.0.0.1", "--study", harbor],
    },
  ])("exits 2 for $name", async ({ args }) => {
    const run = await runCli(args, dm);

    expect(run.code).toBe(2);
  });

  it("prints a JSON error on stdout with --json when the run cannot start", async () => {
    const run = await runCli(["validate", scratchPath("missing.csv"), "--json"]);

    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({ error: { code: "input", exitCode: 2 } });
  });

  it("lets --sandbox win over an OC_SERVER set for the whole job", async () => {
    const run = await runCli(
      ["import", sample, "--sandbox", "--json", "--report", scratchPath("r.csv")],
      {
        OC_SERVER: "https://elsewhere.example.org",
      },
    );

    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ rows: 200 });
  });

  it("stops before any write when the study does not exist", async () => {
    sandbox = await startTestSandbox();
    const input = writeCsv("rows.csv", manyRows(5));

    const run = await runCli(
      ["import", input, "--server", sandbox.url, "--study", "S_NOPE(TEST)"],
      dm,
    );

    expect(run.code).toBe(5);
    expect(sandbox.requestLog().filter((request) => request.subjectKey !== undefined)).toEqual([]);
  });

  it("on Ctrl-C finishes what is in flight and reports every row once, matching the server", async () => {
    sandbox = await startTestSandbox();
    const input = writeCsv("stop.csv", manyRows(3000));
    const report = scratchPath("stop.jsonl");
    const child = spawn(
      process.execPath,
      [
        bin,
        "import",
        input,
        "--server",
        sandbox.url,
        "--study",
        harbor,
        "--report",
        report,
        "--concurrency",
        "2",
      ],
      { cwd: scratch, env: { ...process.env, ...dm, NO_COLOR: "1" }, stdio: "ignore" },
    );
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    while (!existsSync(report) || statSync(report).size < 2000) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }

    child.kill("SIGINT");
    const code = await exited;

    const outcomes = readJsonLines(report);
    const created = outcomes.filter((line) => line.outcome === "created").length;
    const onServer = sandbox.participants().filter((p) => p.subjectKey.startsWith("STOP-")).length;
    expect(code).toBe(130);
    expect(new Set(outcomes.map((line) => line.row)).size).toBe(3000);
    expect(outcomes.length).toBe(3000);
    expect(created).toBeGreaterThan(0);
    expect(outcomes.filter((line) => line.outcome === "skipped").length).toBeGreaterThan(0);
    expect(onServer).toBe(created);
  });
});

import { afterEach, describe, expect, it } from "vitest";
import { localCodes } from "../../src/contract/codes.js";
import type { Sandbox } from "../../src/sandbox/index.js";
import { writeParticipants } from "../import/support.js";
import { harbor, login, startTestSandbox } from "../sandbox/support.js";
import { startCli, waitForLines } from "./child.js";
import { readJsonLines, scratchPath } from "./support.js";

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

const dm = { OC_USERNAME: "dm", OC_PASSWORD: "dm-pw" };

function outcomesIn(report: string) {
  const lines = readJsonLines(report);
  return {
    rows: lines.map((line) => line.row),
    skipped: lines.filter((line) => line.outcome === "skipped"),
  };
}

describe("an import that cannot go on", () => {
  it("exits 4 when the server goes away, with the rows never tried skipped", async () => {
    sandbox = await startTestSandbox({ faults: { latencyMs: 5 } });
    const file = writeParticipants("gone.csv", 1500);
    const report = scratchPath("gone.jsonl");
    const args = ["import", file.path, "--server", sandbox.url, "--study", harbor];
    const child = startCli([...args, "--report", report, "--retries", "1"], dm);

    await waitForLines(report, 50);
    await sandbox.close();
    const { code } = await child.exited;

    const { rows, skipped } = outcomesIn(report);
    expect(code).toBe(4);
    expect(rows).toEqual(file.rows.map((row) => row.row));
    expect(skipped.length).toBeGreaterThan(0);
    expect(skipped.every((line) => line.errorCode === localCodes.serverUnreachable)).toBe(true);
  });

  it("exits 3 when a given token expires mid-run, with the rows never tried skipped", async () => {
    // Long enough to outlive the start (reading the file, the listings) on a loaded machine,
    // short enough to run out well before the last of the rows.
    sandbox = await startTestSandbox({ tokenLifetimeSeconds: 4, faults: { latencyMs: 10 } });
    const token = await login(sandbox, "dm");
    const file = writeParticipants("expires.csv", 3000);
    const report = scratchPath("expires.jsonl");
    const args = ["import", file.path, "--server", sandbox.url, "--study", harbor];

    const { code } = await startCli([...args, "--report", report], { OC_TOKEN: token }).exited;

    const { rows, skipped } = outcomesIn(report);
    expect(code).toBe(3);
    expect(rows).toEqual(file.rows.map((row) => row.row));
    expect(skipped.length).toBeGreaterThan(0);
    expect(skipped.every((line) => line.errorCode === localCodes.loginLost)).toBe(true);
  });
});

import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { writeFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { exitCodes } from "../../src/cli/exit-codes.js";
import { writeParticipants } from "../import/support.js";
import { testFixture } from "../sandbox/support.js";
import { bin, closedPort, readJsonLines, scratch, scratchPath } from "./support.js";

interface PipedRun {
  child: ChildProcess;
  exited: Promise<number | null>;
}

/** Starts the built CLI with its stdout and stderr as pipes that this test reads, like `| head`. */
function startPiped(args: string[]): PipedRun {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith("OC_")),
  );
  const child = spawn(process.execPath, [bin, ...args], {
    cwd: scratch,
    env: { ...inherited, NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, exited };
}

/** Closes the reading ends of both pipes, as a reader does once it has seen enough. */
function closePipes(run: PipedRun): void {
  run.child.stdout?.destroy();
  run.child.stderr?.destroy();
}

/** Whether `url` gives an HTTP answer, any answer, before the CLI exits or 10 s pass. */
async function answers(url: string, run: PipedRun): Promise<boolean> {
  let exited = false;
  void run.exited.then(() => {
    exited = true;
  });
  const deadline = Date.now() + 10_000;

  while (!exited && Date.now() < deadline) {
    const answered = await fetch(url).then(
      () => true,
      () => false,
    );
    if (answered) return true;
    await sleep(20);
  }

  return false;
}

describe("output whose reader goes away", () => {
  it("lets an import run to the end, with a report line for every row", async () => {
    // Slow enough that the run writes a progress line (every 5 s) after the pipes are closed.
    const fixture = scratchPath("slow-fixture.json");
    writeFileSync(fixture, JSON.stringify({ ...testFixture, faults: { latencyMs: 30 } }));
    const file = writeParticipants("closed-pipe.csv", 800);
    const report = scratchPath("closed-pipe.jsonl");
    const args = ["import", file.path, "--sandbox", "--fixture", fixture, "--report", report];
    const run = startPiped(args);

    await once(run.child.stderr ?? run.child, "data");
    closePipes(run);
    const code = await run.exited;

    const rows = readJsonLines(report).map((line) => line.row);
    expect(code).toBe(exitCodes.someRowsNotOk);
    expect(rows).toEqual(file.rows.map((row) => row.row));
  }, 30_000);

  it("keeps the sandbox serving until it is stopped", async () => {
    const port = await closedPort();
    const run = startPiped(["sandbox", "--port", String(port)]);

    closePipes(run);
    const serving = await answers(`http://127.0.0.1:${port}/`, run);
    run.child.kill("SIGINT");
    const code = await run.exited;

    expect(serving).toBe(true);
    expect(code).toBe(exitCodes.ok);
  });
});

import { execFile } from "node:child_process";
import { describe, expect, it } from "vitest";
import { createProgress } from "../../src/cli/progress.js";
import type { RowOutcome } from "../../src/import/outcome.js";
import { bin, runCli, sample, scratch, scratchPath } from "./support.js";

const ansi = new RegExp(`${String.fromCharCode(27)}\\[`);

function fakeStream(isTTY: boolean) {
  const chunks: string[] = [];
  const stream = {
    isTTY,
    write: (text: string) => chunks.push(text),
  } as unknown as NodeJS.WriteStream;
  return { stream, text: () => chunks.join("") };
}

const outcome = (kind: RowOutcome["outcome"]): RowOutcome => ({
  row: 2,
  line: 2,
  participantId: "P",
  siteOid: "S_A(TEST)",
  outcome: kind,
  errorCode: null,
  httpStatus: null,
  attempts: 1,
  message: null,
});

describe("progress", () => {
  it("writes a plain line every few seconds when not on a terminal, with no escape codes", () => {
    const { stream, text } = fakeStream(false);
    let clock = 0;
    const progress = createProgress({ stream, quiet: false, plainEveryMs: 5000, now: () => clock });

    progress.start(4);
    for (const kind of ["created", "invalid", "rejected", "failed"] as const) {
      clock += 2000;
      progress.tick(outcome(kind));
    }

    expect(text()).toBe("progress: 3/4 rows, 1/s, ok 1, invalid 1, rejected 1, failed 0\n");
    expect(text()).not.toMatch(ansi);
  });

  it("writes nothing when quiet", () => {
    const { stream, text } = fakeStream(true);
    const progress = createProgress({ stream, quiet: true });

    progress.start(1);
    progress.tick(outcome("created"));
    progress.stop();

    expect(text()).toBe("");
  });

  it("shows a bar with rows, rate and ETA under a pseudo-terminal", async () => {
    const report = scratchPath("pty-report.csv");
    const command = `node ${bin} import ${sample} --sandbox --report ${report}`;

    const output = await new Promise<string>((resolve) => {
      execFile(
        "script",
        ["-qec", command, "/dev/null"],
        { cwd: scratch, timeout: 60_000 },
        (_, stdout) => resolve(stdout),
      );
    });

    expect(output).toMatch(/\d+\/200 rows \| \d+\/s \| ETA/);
    expect(output).toContain("\u001b[");
  });

  it.each<{ name: string; env: Record<string, string> }>([
    { name: "a pipe", env: {} },
    { name: "NO_COLOR with FORCE_COLOR", env: { NO_COLOR: "1", FORCE_COLOR: "1" } },
  ])("prints no escape codes through $name", async ({ env }) => {
    const run = await runCli(
      ["import", sample, "--sandbox", "--report", scratchPath("r.csv")],
      env,
    );

    expect(run.stdout).toContain("created");
    expect(run.stdout).not.toMatch(ansi);
    expect(run.stderr).not.toMatch(ansi);
  });

  it("colours the summary when FORCE_COLOR asks and NO_COLOR is unset", async () => {
    const run = await runCli(["validate", sample, "--report", scratchPath("r.csv")], {
      NO_COLOR: "",
      FORCE_COLOR: "1",
    });

    expect(run.stdout).toMatch(ansi);
  });
});

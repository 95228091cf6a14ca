import { execFileSync } from "node:child_process";
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseFixture, type Sandbox, startSandbox } from "../../src/sandbox/index.js";
import { writeParticipants } from "../import/support.js";
import { harbor, startTestSandbox, testFixture } from "../sandbox/support.js";
import { runCli, sample, scratchPath } from "./support.js";

const dm = { OC_USERNAME: "dm", OC_PASSWORD: "dm-pw" };

const sandboxes: Sandbox[] = [];
afterAll(() => Promise.all(sandboxes.map((sandbox) => sandbox.close())));

function fifoAt(path: string): boolean {
  try {
    execFileSync("mkfifo", [path]);
    return true;
  } catch {
    return false;
  }
}

describe("a --report path that is not a file", () => {
  it.each(["validate", "plan", "import"])(
    "%s refuses a folder and leaves it alone",
    async (command) => {
      const folder = scratchPath("a-folder");
      mkdirSync(folder);
      writeFileSync(join(folder, "keep.txt"), "x");

      const run = await runCli(
        [command, sample, "--sandbox", "--report", folder].filter(
          (arg) => command !== "validate" || arg !== "--sandbox",
        ),
      );

      expect(run.code).toBe(2);
      expect(run.stderr).toContain("is a folder");
      expect(run.stderr).not.toContain("Unexpected error");
      expect(statSync(folder).isDirectory()).toBe(true);
      expect(readFileSync(join(folder, "keep.txt"), "utf8")).toBe("x");
    },
  );

  it("refuses a .json name, which would silently get CSV", async () => {
    const run = await runCli(["validate", sample, "--report", scratchPath("report.json")]);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain(".jsonl");
  });

  it("refuses a pipe, and leaves it a pipe", async () => {
    const pipe = scratchPath("a-pipe");
    expect(fifoAt(pipe)).toBe(true);

    const run = await runCli(["validate", sample, "--report", pipe]);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain("not a regular file");
    expect(lstatSync(pipe).isFIFO()).toBe(true);
  });

  it("replaces a symbolic link, never the file it points to", async () => {
    const target = scratchPath("target.txt");
    writeFileSync(target, "not a report");
    const link = scratchPath("link.csv");
    symlinkSync(target, link);

    const run = await runCli(["validate", sample, "--report", link]);

    expect(run.code).toBe(1);
    expect(readFileSync(target, "utf8")).toBe("not a report");
    expect(lstatSync(link).isFile()).toBe(true);
  });
});

describe("an earlier import's report, when the next run is refused before its first row", () => {
  /** A sandbox whose study takes `room` more participants, so that a longer file stops midway. */
  async function startSandboxWithRoom(room: number): Promise<Sandbox> {
    const probe = await startTestSandbox();
    const held = probe
      .participants()
      .filter((p) => p.studyOid === harbor && p.status === "AVAILABLE").length;
    await probe.close();
    const studies = testFixture.studies.map((study) =>
      study.oid === harbor
        ? { ...study, enrollmentCap: { enforced: true, expectedTotal: held + room } }
        : study,
    );
    const sandbox = await startSandbox({
      fixture: parseFixture({ ...testFixture, studies }, "a capped fixture"),
      tokenCallsPerMinute: 1000,
    });
    sandboxes.push(sandbox);
    return sandbox;
  }

  it("is kept for --resume when that run stopped with rows left, and the run says so", async () => {
    const sandbox = await startSandboxWithRoom(2);
    const { path } = writeParticipants("keep-report.csv", 6);
    const report = scratchPath("keep-report.csv");
    const args = ["import", path, "--server", sandbox.url, "--study", harbor, "--report", report];
    const first = await runCli([...args, "--concurrency", "1"], dm);
    expect(first.code).toBe(5);
    expect(readFileSync(report, "utf8")).toContain(",skipped,");
    const before = readFileSync(report, "utf8");

    const refused = await runCli(args, { ...dm, OC_PASSWORD: "wrong-password" });

    expect(refused.code).toBe(3);
    expect(readFileSync(report, "utf8")).toBe(before);
    expect(existsSync(`${report}.run.json`)).toBe(true);
    expect(refused.stderr).toContain(`--resume ${report}`);
  });

  it("is removed when that run was complete, so no stale report is left", async () => {
    const sandbox = await startTestSandbox();
    sandboxes.push(sandbox);
    const { path } = writeParticipants("stale-report.csv", 5);
    const report = scratchPath("stale-report.csv");
    const args = ["import", path, "--server", sandbox.url, "--study", harbor, "--report", report];
    expect((await runCli(args, dm)).code).toBe(0);

    const refused = await runCli(args, { ...dm, OC_PASSWORD: "wrong-password" });

    expect(refused.code).toBe(3);
    expect(existsSync(report)).toBe(false);
    expect(existsSync(`${report}.run.json`)).toBe(false);
    expect(refused.stderr).not.toContain("--resume");
  });

  it("is replaced once the next run goes ahead", async () => {
    const sandbox = await startTestSandbox();
    sandboxes.push(sandbox);
    const { path } = writeParticipants("replace-report.csv", 5);
    const report = scratchPath("replace-report.csv");
    const args = ["import", path, "--server", sandbox.url, "--study", harbor, "--report", report];
    await runCli(args, dm);

    const again = await runCli(args, dm);

    expect(again.code).toBe(0);
    const lines = readFileSync(report, "utf8").trimEnd().split("\n");
    expect(lines).toHaveLength(6);
    expect(lines.slice(1).every((line) => line.includes(",updated,"))).toBe(true);
  });
});

describe("an import refused before it begins, with the built-in sandbox", () => {
  it("stops the sandbox and exits when the report to resume from is missing", async () => {
    const run = await runCli(["import", sample, "--sandbox", "--resume", scratchPath("none.csv")]);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain("There is no report");
  });
});

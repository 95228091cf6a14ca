import { appendFileSync, readFileSync, truncateSync, writeFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import {
  type FixtureParticipant,
  parseFixture,
  type Sandbox,
  type SandboxOptions,
  type SandboxParticipant,
  startSandbox,
} from "../../src/sandbox/index.js";
import { postsByParticipant, quietStartSeed, writeParticipants } from "../import/support.js";
import { boston, harbor, lyon, startTestSandbox, testFixture } from "../sandbox/support.js";
import { completeLines, startCli, waitForLines } from "./child.js";
import { readJsonLines, runCli, scratchPath } from "./support.js";

const dm = { OC_USERNAME: "dm", OC_PASSWORD: "dm-pw" };
const rowCount = 2000;

const sandboxes: Sandbox[] = [];
afterAll(() => Promise.all(sandboxes.map((sandbox) => sandbox.close())));

async function start(options: Partial<SandboxOptions> = {}): Promise<Sandbox> {
  const sandbox = await startTestSandbox(options);
  sandboxes.push(sandbox);
  return sandbox;
}

const importArgs = (file: string, sandbox: Sandbox) => [
  "import",
  file,
  "--server",
  sandbox.url,
  "--study",
  harbor,
];

/**
 * 2,000 generated rows (a few refused locally), with rows the fixture makes interesting among
 * the first and the last: updates in another case, an ID held at another site
 * (participantNotFound) and a removed ID (participantIDNotAvailable).
 */
function writeMixedFile(): string {
  const { path } = writeParticipants("resume.csv", rowCount);
  const [header, ...rows] = readFileSync(path, "utf8").trimEnd().split("\n");
  const special = [
    `hh-bos-0001,${boston},Orlaith,,orla@example.org,`,
    `HH-LYO-0001,${boston},Cy,,,`,
    `HH-BOS-0099,${boston},Gone,,,`,
  ];
  const lines = [header, ...special.slice(0, 2), ...rows, special[2], `hh-study-01,${lyon},Stu,,,`];
  writeFileSync(path, `${lines.join("\n")}\n`);
  return path;
}

/** What the sandbox holds that a run decides: IDs, sites, statuses and contact fields. */
function stateOf(sandbox: Sandbox) {
  return sandbox
    .participants()
    .map(({ subjectOid, createdAt, lastModified, createdBy, lastModifiedBy, ...rest }) => rest)
    .sort((a, b) => a.subjectKey.localeCompare(b.subjectKey));
}

/** Cuts the report's last line in half, as a crash mid-write would leave it. */
function tearLastLine(path: string): void {
  const text = readFileSync(path, "utf8");
  const lastStart = text.lastIndexOf("\n", text.length - 2) + 1;
  truncateSync(path, Buffer.byteLength(text.slice(0, lastStart + (text.length - lastStart) / 2)));
}

const uninterrupted = new Map<string, Promise<{ report: string; state: unknown }>>();

/** An uninterrupted run of the same file into a fresh sandbox, once per report format. */
function uninterruptedRun(file: string, format: string) {
  const key = `${file}.${format}`;
  let run = uninterrupted.get(key);
  if (run === undefined) {
    run = (async () => {
      const sandbox = await start();
      const report = scratchPath(`whole.${format}`);
      const result = await runCli([...importArgs(file, sandbox), "--report", report], dm);
      expect(result.code).toBe(1);
      return { report: readFileSync(report, "utf8"), state: stateOf(sandbox) };
    })();
    uninterrupted.set(key, run);
  }
  return run;
}

describe("an import killed partway and resumed", () => {
  const file = writeMixedFile();
  const cases = [
    { name: "a JSON Lines report", format: "jsonl", tear: false },
    { name: "a JSON Lines report whose last line was torn", format: "jsonl", tear: true },
    { name: "a CSV report whose last line was torn", format: "csv", tear: true },
  ];

  it.each(cases)(
    "ends like an uninterrupted run, with $name",
    async ({ format, tear }) => {
      const sandbox = await start();
      const report = scratchPath(`killed.${format}`);
      const child = startCli([...importArgs(file, sandbox), "--report", report], dm);

      await waitForLines(report, 300);
      child.kill("SIGKILL");
      const killed = await child.exited;
      const linesAtKill = completeLines(report);
      if (tear) tearLastLine(report);
      const resumed = await runCli([...importArgs(file, sandbox), "--resume", report], dm);

      const whole = await uninterruptedRun(file, format);
      expect(killed.signal).toBe("SIGKILL");
      expect(linesAtKill).toBeLessThan(rowCount);
      expect(resumed.code).toBe(1);
      expect(readFileSync(report, "utf8").split("\n")).toEqual(whole.report.split("\n"));
      expect(stateOf(sandbox)).toEqual(whole.state);
    },
    60_000,
  );
});

describe("--resume and --retry-failed", () => {
  it("refuses a changed input file with exit 2 and sends nothing", async () => {
    const sandbox = await start();
    const { path } = writeParticipants("changed.csv", 30);
    const report = scratchPath("changed.jsonl");
    const first = await runCli([...importArgs(path, sandbox), "--report", report], dm);
    const before = { log: sandbox.requestLog().length, report: readFileSync(report, "utf8") };
    appendFileSync(path, `LATE-00001,${boston},Late,,,\n`);

    const resumed = await runCli([...importArgs(path, sandbox), "--resume", report], dm);

    expect(first.code).toBe(1);
    expect(resumed.code).toBe(2);
    expect(sandbox.requestLog().slice(before.log)).toEqual([]);
    expect(readFileSync(report, "utf8")).toBe(before.report);
  });

  it("sends only the rows that failed, and reports them created", async () => {
    const broken = await start({ faults: { share500: 0.1, seed: quietStartSeed(0.1) } });
    const file = writeParticipants("retry-failed.csv", 300);
    const report = scratchPath("retry-failed.jsonl");
    const first = await runCli([...importArgs(file.path, broken), "--report", report], dm);
    const failedFirst = readJsonLines(report).filter((line) => line.outcome === "failed");
    await broken.close();
    // The same server, healthy again: a sandbox that starts with what the first one held.
    const healthy = await startSandbox({
      fixture: parseFixture(
        { ...testFixture, participants: broken.participants().map(toFixture) },
        "the first sandbox's participants",
      ),
      tokenCallsPerMinute: 1000,
    });
    sandboxes.push(healthy);

    const retried = await runCli([...importArgs(file.path, healthy), "--retry-failed", report], dm);

    const posted = [...postsByParticipant(healthy.requestLog()).keys()].sort();
    const lines = readJsonLines(report);
    const byRow = new Map(lines.map((line) => [line.row, line]));
    expect(first.code).toBe(1);
    expect(failedFirst.length).toBeGreaterThan(0);
    expect(failedFirst.every((line) => line.httpStatus === 500)).toBe(true);
    expect(retried.code).toBe(1);
    expect(posted).toEqual(
      failedFirst.map((line) => String(line.participantId).toLowerCase()).sort(),
    );
    expect(lines.map((line) => line.row)).toEqual(file.rows.map((row) => row.row));
    expect(failedFirst.map((line) => byRow.get(line.row)?.outcome)).toEqual(
      failedFirst.map(() => "created"),
    );
    expect(lines.filter((line) => line.outcome === "created")).toHaveLength(file.valid.length);
  });
});

function toFixture(participant: SandboxParticipant): FixtureParticipant {
  const {
    subjectOid,
    studyOid,
    createdAt,
    createdBy,
    lastModified,
    lastModifiedBy,
    participateStatus,
    ...kept
  } = participant;
  return kept;
}

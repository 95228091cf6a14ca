import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, onTestFinished } from "vitest";
import type { RowOutcome } from "../../src/import/outcome.js";
import { runPlan } from "../../src/plan/run-plan.js";
import { boston, harbor, lyon, startTestSandbox } from "../sandbox/support.js";

const scratch = mkdtempSync(join(tmpdir(), "oc-plan-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const rows = [
  ["PL-NEW-1", boston, "Ann", "create", null],
  ["HH-BOS-0001", boston, "Orla", "update", null],
  ["HH-LYO-0001", boston, "", "conflict", "local.participantAtOtherSite"],
  ["HH-BOS-0099", boston, "", "conflict", "local.participantRemoved"],
  ["hh-lyo-0001x", lyon, "", "create", null],
  ["HH-STUDY-01", harbor, "", "update", null],
  ["hh-bos-0098", boston, "", "conflict", "local.participantRemoved"],
  ["PL-BAD<1>", boston, "", "invalid", "errorCode.participantIDContainsUnsupportedHTMLCharacter"],
] as const;

function writePlanFile(): string {
  const path = join(scratch, "plan.csv");
  const lines = rows.map(([id, site, name]) => `${id},${site},${name}`);
  writeFileSync(path, `Participant ID,Site OID,First Name\n${lines.join("\n")}\n`);
  return path;
}

describe("runPlan", () => {
  it("classifies each kind of row and writes nothing", async () => {
    const sandbox = await startTestSandbox();
    onTestFinished(() => sandbox.close());
    const before = JSON.stringify(sandbox.participants());
    const outcomes: RowOutcome[] = [];

    const result = await runPlan({
      file: writePlanFile(),
      serverUrl: sandbox.url,
      studyOid: harbor,
      credentials: { username: "dm", password: "dm-pw" },
      onOutcome: (outcome) => outcomes.push(outcome),
    });

    expect(outcomes.map((o) => [o.participantId, o.outcome, o.errorCode])).toEqual(
      rows.map(([id, , , outcome, code]) => [id, outcome, code]),
    );
    expect(outcomes[1]?.message).toContain("firstName");
    expect(result.problems).toEqual([]);
    expect(JSON.stringify(sandbox.participants())).toBe(before);
  });

  it("reports a site the server would refuse, still writing nothing", async () => {
    const sandbox = await startTestSandbox();
    onTestFinished(() => sandbox.close());
    const path = join(scratch, "monitor.csv");
    writeFileSync(path, `Participant ID,Site OID\nPL-1,${boston}\n`);
    const before = JSON.stringify(sandbox.participants());

    const result = await runPlan({
      file: path,
      serverUrl: sandbox.url,
      studyOid: harbor,
      credentials: { username: "monitor", password: "monitor-pw" },
    });

    expect(result.problems).toEqual([
      { siteOid: boston, code: "errorCode.noSufficientPrivileges" },
    ]);
    expect(JSON.stringify(sandbox.participants())).toBe(before);
  });
});

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, onTestFinished } from "vitest";
import { tokenPath } from "../../src/contract/paths.js";
import { FatalError } from "../../src/errors.js";
import type { RowOutcome } from "../../src/import/outcome.js";
import { runImport } from "../../src/import/run-import.js";
import {
  boston,
  closedSite,
  fullStudy,
  harbor,
  lockedStudy,
  lockedStudySite,
  lyon,
  noParticipate,
  startTestSandbox,
  systemIds,
} from "../sandbox/support.js";

const scratch = mkdtempSync(join(tmpdir(), "oc-preflight-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function writeRows(name: string, siteOid: string, count: number): string {
  const path = join(scratch, name);
  const rows = Array.from({ length: count }, (_, index) => `PF-${index + 1},${siteOid}`);
  writeFileSync(path, `Participant ID,Site OID\n${rows.join("\n")}\n`);
  return path;
}

async function sandboxFor(options: Parameters<typeof startTestSandbox>[0] = {}) {
  const sandbox = await startTestSandbox(options);
  onTestFinished(() => sandbox.close());
  return sandbox;
}

describe("pre-flight", () => {
  it.each([
    {
      name: "a study that does not exist",
      study: "S_NOPE(TEST)",
      site: "S_NOPE(TEST)",
      user: "dm",
      code: "errorCode.studyNotExist",
    },
    {
      name: "a site that does not exist",
      study: harbor,
      site: "S_HRB_NYC(TEST)",
      user: "dm",
      code: "errorCode.siteNotExist",
    },
    {
      name: "a study that is not available",
      study: lockedStudy,
      site: lockedStudySite,
      user: "dm",
      code: "errorCode.studyNotAvailable",
    },
    {
      name: "a site that is not available",
      study: harbor,
      site: closedSite,
      user: "dm",
      code: "errorCode.siteNotAvailable",
    },
    {
      name: "an account with no role there",
      study: harbor,
      site: boston,
      user: "nobody",
      code: "errorCode.noRoleSetUp",
    },
    {
      name: "a role that may not add",
      study: harbor,
      site: boston,
      user: "monitor",
      code: "errorCode.noSufficientPrivileges",
    },
    {
      name: "system-generated IDs",
      study: systemIds,
      site: systemIds,
      user: "dm",
      code: "errorCode.studyHasSystemGeneratedIdEnabled",
    },
    {
      name: "--register while Participate is off",
      study: noParticipate,
      site: noParticipate,
      user: "dm",
      code: "errorCode.participateNotEnabled",
      register: true,
    },
    {
      name: "an enrollment cap already reached",
      study: fullStudy,
      site: fullStudy,
      user: "dm",
      code: "errorCode.participantsEnrollmentCapReached",
    },
  ])("stops the run before any write for $name", async ({ study, site, user, code, register }) => {
    const sandbox = await sandboxFor();
    const file = writeRows(`${user}-${code}.csv`, site, 3);
    const before = sandbox.participants();

    const error = await runImport({
      file,
      serverUrl: sandbox.url,
      studyOid: study,
      register,
      credentials: { username: user, password: `${user}-pw` },
    }).then(
      () => undefined,
      (caught: unknown) => caught,
    );

    expect(error).toBeInstanceOf(FatalError);
    expect((error as FatalError).code).toBe("refused");
    expect((error as FatalError).message).toContain(code);
    expect(sandbox.requestLog().filter((entry) => entry.subjectKey !== undefined)).toEqual([]);
    expect(sandbox.participants()).toEqual(before);
  });
});

describe("before the first row", () => {
  it("sends the listings and pre-flight POSTs at once even at a concurrency of 1", async () => {
    const sandbox = await sandboxFor({ faults: { latencyMs: 40 } });
    const path = join(scratch, "two-sites.csv");
    writeFileSync(path, `Participant ID,Site OID\nAT-1,${boston}\nAT-2,${lyon}\n`);

    const summary = await runImport({
      file: path,
      serverUrl: sandbox.url,
      studyOid: harbor,
      concurrency: 1,
      credentials: { username: "dm", password: "dm-pw" },
    });

    expect(summary.outcomes.created).toBe(2);
    // The listings (GET) and the pre-flight (a POST with no participant ID) come before any row.
    const setup = sandbox
      .requestLog()
      .filter((entry) => entry.path !== tokenPath && entry.subjectKey === undefined)
      .sort((a, b) => a.receivedAt - b.receivedAt);
    const [first] = setup;
    expect(setup.length).toBeGreaterThanOrEqual(4);
    const overlapping = setup.filter((entry) => entry.receivedAt < (first?.answeredAt ?? 0));
    expect(overlapping.length).toBeGreaterThan(1);
  });
});

describe("stopping early", () => {
  it("stops when the cap is reached midway and skips the rest with the server's code", async () => {
    const capped = await startCappedSandbox(6);
    onTestFinished(() => capped.close());
    const available = capped
      .participants()
      .filter((p) => p.studyOid === harbor && p.status === "AVAILABLE");
    const room = 6 - available.length;
    const file = writeRows("cap.csv", boston, 40);
    const outcomes: RowOutcome[] = [];

    const summary = await runImport({
      file,
      serverUrl: capped.url,
      studyOid: harbor,
      concurrency: 1,
      credentials: { username: "dm", password: "dm-pw" },
      onOutcome: (outcome) => outcomes.push(outcome),
    });

    const cap = "errorCode.participantsEnrollmentCapReached";
    const posted = capped.requestLog().filter((entry) => entry.subjectKey !== undefined);
    const skipped = outcomes.filter((outcome) => outcome.outcome === "skipped");
    expect(room).toBeGreaterThan(0);
    expect(summary.stopped).toBe("refused");
    expect(summary.outcomes.created).toBe(room);
    expect(outcomes.filter((o) => o.outcome === "rejected").map((o) => o.errorCode)).toEqual([cap]);
    expect(skipped).toHaveLength(40 - room - 1);
    expect(skipped.every((outcome) => outcome.errorCode === cap)).toBe(true);
    expect(posted).toHaveLength(room + 1);
  });
});

/** The test fixture with the Harbor study capped at `total` (it already holds two available). */
async function startCappedSandbox(total: number) {
  const { parseFixture, startSandbox } = await import("../../src/sandbox/index.js");
  const { testFixture } = await import("../sandbox/support.js");
  const studies = testFixture.studies.map((study) =>
    study.oid === harbor
      ? { ...study, enrollmentCap: { enforced: true, expectedTotal: total } }
      : study,
  );
  return startSandbox({
    fixture: parseFixture({ ...testFixture, studies }, "the capped fixture"),
    tokenCallsPerMinute: 1000,
  });
}

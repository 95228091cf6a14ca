import { describe, expect, it } from "vitest";
import { localCodes } from "../../src/contract/codes.js";
import type { RowOutcome } from "../../src/import/outcome.js";
import { unansweredRowsBeforeStop } from "../../src/import/send-row.js";
import { login } from "../sandbox/support.js";
import {
  expectOneOutcomePerRow,
  fastRetries,
  fixtureKeys,
  importInto,
  startSandboxForTest,
  writeParticipants,
} from "./support.js";

const idsOf = (outcomes: RowOutcome[], kind: RowOutcome["outcome"]) =>
  outcomes.filter((o) => o.outcome === kind).map((o) => String(o.participantId).toLowerCase());

describe("a run that cannot go on", () => {
  it("stops when the server goes away, and reports the rows never tried as skipped", async () => {
    const sandbox = await startSandboxForTest({ faults: { latencyMs: 5 } });
    const file = writeParticipants("gone.csv", 600);
    let answered = 0;

    const { summary, outcomes } = await importInto(sandbox, file.path, {
      concurrency: 4,
      onOutcome: () => {
        answered++;
        if (answered === 100) void sandbox.close();
      },
    });

    const stored = sandbox.participants().map((p) => p.subjectKey.toLowerCase());
    const created = idsOf(outcomes, "created");
    const failed = outcomes.filter((o) => o.outcome === "failed");
    const skipped = outcomes.filter((o) => o.outcome === "skipped");
    expectOneOutcomePerRow(outcomes, file);
    expect(summary.stopped).toBe("unreachable");
    expect(skipped.length).toBeGreaterThan(0);
    expect(skipped.every((o) => o.errorCode === localCodes.serverUnreachable)).toBe(true);
    expect(skipped.every((o) => o.attempts === 0)).toBe(true);
    // Only the requests in flight when the server went away, and those started before the
    // third unanswered row in a row stopped the run, ran out of retries.
    expect(failed.length).toBeLessThanOrEqual(4 + unansweredRowsBeforeStop - 1);
    expect(
      failed.every((o) => o.httpStatus === null && o.attempts === fastRetries.retries + 1),
    ).toBe(true);
    expect(created.length + failed.length + skipped.length).toBe(file.valid.length);
    // A row whose answer was lost may have been stored; a row never tried cannot have been.
    expect(created.every((id) => stored.includes(id))).toBe(true);
    const mayBeStored = new Set([...created, ...idsOf(outcomes, "failed")]);
    expect(stored.filter((id) => !fixtureKeys.includes(id) && !mayBeStored.has(id))).toEqual([]);
    expect(idsOf(outcomes, "skipped").filter((id) => stored.includes(id))).toEqual([]);
  });

  it("stops when a given token expires mid-run, and reports the rows never tried as skipped", async () => {
    const sandbox = await startSandboxForTest({
      tokenLifetimeSeconds: 2,
      faults: { latencyMs: 20 },
    });
    const token = await login(sandbox, "dm");
    const file = writeParticipants("expired.csv", 500);

    const { summary, outcomes } = await importInto(sandbox, file.path, {
      credentials: undefined,
      token,
      concurrency: 4,
    });

    const stored = sandbox.participants().map((p) => p.subjectKey.toLowerCase());
    const failed = outcomes.filter((o) => o.outcome === "failed");
    const skipped = outcomes.filter((o) => o.outcome === "skipped");
    expectOneOutcomePerRow(outcomes, file);
    expect(summary.stopped).toBe("login");
    expect(skipped.length).toBeGreaterThan(0);
    expect(skipped.every((o) => o.errorCode === localCodes.loginLost)).toBe(true);
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.length).toBeLessThanOrEqual(4);
    expect(failed.every((o) => o.httpStatus === 401 && o.attempts === 1)).toBe(true);
    expect(idsOf(outcomes, "created").every((id) => stored.includes(id))).toBe(true);
    expect(
      [...idsOf(outcomes, "failed"), ...idsOf(outcomes, "skipped")].filter((id) =>
        stored.includes(id),
      ),
    ).toEqual([]);
  });

  it("on interrupt sends no new row, lets those in flight finish and skips the rest", async () => {
    const sandbox = await startSandboxForTest({ faults: { latencyMs: 5 } });
    const file = writeParticipants("interrupt.csv", 600);
    const stop = new AbortController();
    let createdAtStop = 0;

    const { summary, outcomes } = await importInto(sandbox, file.path, {
      concurrency: 4,
      signal: stop.signal,
      onOutcome: (outcome) => {
        if (stop.signal.aborted || outcome.outcome !== "created") return;
        createdAtStop++;
        if (createdAtStop === 100) stop.abort();
      },
    });

    const created = idsOf(outcomes, "created");
    const skipped = outcomes.filter((o) => o.outcome === "skipped");
    const stored = sandbox.participants().map((p) => p.subjectKey.toLowerCase());
    expectOneOutcomePerRow(outcomes, file);
    expect(summary.stopped).toBe("interrupted");
    // The row whose answer stopped the run had its slot; at most the other three were in flight.
    expect(created.length).toBeLessThanOrEqual(createdAtStop + 3);
    expect(created.length + skipped.length).toBe(file.valid.length);
    expect(skipped.every((o) => o.errorCode === localCodes.interrupted)).toBe(true);
    expect(stored.filter((id) => !fixtureKeys.includes(id)).sort()).toEqual([...created].sort());
  });
});

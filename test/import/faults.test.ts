import { describe, expect, it } from "vitest";
import type { RowOutcome } from "../../src/import/outcome.js";
import type { FaultKind, SandboxFaults, SandboxRequest } from "../../src/sandbox/index.js";
import {
  expectOneOutcomePerRow,
  expectStoredOnce,
  fastRetries,
  importInto,
  participantPosts,
  postsByParticipant,
  quietStartSeed,
  retryableFaults,
  startSandboxForTest,
  writeParticipants,
} from "./support.js";

const rowCount = 2000;

interface FaultCase {
  name: string;
  faults: SandboxFaults;
  /** Faults that must show up among the POSTs, or the case proves nothing. */
  injected: FaultKind[];
  timeoutMs?: number;
}

const cases: FaultCase[] = [
  { name: "a 503 share", faults: { share503: 0.1 }, injected: ["503"] },
  {
    name: "a 500 share",
    faults: { share500: 0.03, seed: quietStartSeed(0.03) },
    injected: ["500"],
  },
  {
    name: "429 bursts with Retry-After in seconds",
    faults: { burst429: { every: 700, length: 5, retryAfterSeconds: 1 } },
    injected: ["429"],
  },
  {
    name: "429 bursts with Retry-After as an HTTP date",
    faults: { burst429: { every: 700, length: 5, retryAfterSeconds: 1, retryAfterAsDate: true } },
    injected: ["429"],
  },
  {
    name: "resets before the write",
    faults: { resetBeforeShare: 0.05 },
    injected: ["reset-before"],
  },
  { name: "resets after the write", faults: { resetAfterShare: 0.05 }, injected: ["reset-after"] },
  {
    name: "lost answers",
    faults: { loseResponseShare: 0.02 },
    injected: ["lost-response"],
    timeoutMs: 400,
  },
  { name: "latency", faults: { latencyMs: { min: 0, max: 15 } }, injected: [] },
  {
    name: "a mix of every fault",
    faults: {
      latencyMs: { min: 0, max: 3 },
      share503: 0.03,
      share500: 0.01,
      resetBeforeShare: 0.02,
      resetAfterShare: 0.02,
      loseResponseShare: 0.01,
      burst429: { every: 900, length: 3, retryAfterSeconds: 1 },
      seed: quietStartSeed(0.09),
    },
    injected: ["503", "500", "reset-before", "reset-after", "lost-response", "429"],
    timeoutMs: 400,
  },
];

/**
 * What the retry rule (issue 4, "Retries") says a row's POSTs must look like: every attempt but
 * the last met a retryable fault, and the last is the answer the row's outcome reports. A 500 is
 * final, so nothing follows it.
 */
function expectedOutcome(posts: SandboxRequest[]): Pick<RowOutcome, "outcome" | "httpStatus"> {
  const last = posts.at(-1);
  if (last?.fault === "500") return { outcome: "failed", httpStatus: 500 };
  if (last !== undefined && last.fault === undefined && last.status === 200) {
    return { outcome: "created", httpStatus: 200 };
  }
  throw new Error(`row ended on ${JSON.stringify(last)}, which no rule makes final`);
}

describe("an import of 2,000 rows under faults", () => {
  it.each(cases)("gives every row one outcome under $name", async (testCase) => {
    const sandbox = await startSandboxForTest({ faults: testCase.faults });
    const file = writeParticipants("faults.csv", rowCount);

    const { summary, outcomes } = await importInto(sandbox, file.path, {
      timeoutMs: testCase.timeoutMs ?? 5000,
    });

    const log = sandbox.requestLog();
    const posts = postsByParticipant(log);
    const postCount = participantPosts(log).length;
    const retried = participantPosts(log).filter(
      (entry) => entry.fault !== undefined && retryableFaults.has(entry.fault),
    ).length;
    const byRow = new Map(outcomes.map((outcome) => [outcome.row, outcome]));

    expectOneOutcomePerRow(outcomes, file);
    expect(summary).toMatchObject({ rows: rowCount });
    expect(summary.stopped).toBeUndefined();
    for (const kind of testCase.injected) {
      expect(participantPosts(log).filter((entry) => entry.fault === kind).length).toBeGreaterThan(
        0,
      );
    }

    for (const planned of file.rows) {
      const outcome = byRow.get(planned.row);
      const sent = posts.get(planned.participantId.toLowerCase()) ?? [];
      if (!planned.valid) {
        expect(outcome?.outcome).toBe("invalid");
        continue;
      }
      expect({ row: planned.row, ...outcome }).toMatchObject({
        row: planned.row,
        ...expectedOutcome(sent),
        attempts: sent.length,
      });
      expect(sent.slice(0, -1).every((entry) => retryableFaults.has(entry.fault ?? "500"))).toBe(
        true,
      );
    }

    const validIds = new Set(file.valid.map((row) => row.participantId.toLowerCase()));
    expect([...posts.keys()].filter((id) => !validIds.has(id))).toEqual([]);
    const failedIds = outcomes.filter((o) => o.outcome === "failed").map((o) => o.participantId);
    const createdIds = outcomes.filter((o) => o.outcome === "created").map((o) => o.participantId);
    expect(createdIds.length + failedIds.length).toBe(file.valid.length);
    expect(postCount).toBe(file.valid.length + retried);
    // A write applied before a lost answer stands, even when a later attempt met a 500.
    const applied = [...posts].filter(([, sent]) => sent.some((entry) => entry.status === 200));
    expectStoredOnce(
      sandbox.participants(),
      applied.map(([id]) => id),
    );
  });

  it("never sends a row again after a 500, and reports it failed after one attempt", async () => {
    const sandbox = await startSandboxForTest({
      faults: { share500: 0.05, seed: quietStartSeed(0.05) },
    });
    const file = writeParticipants("five-hundred.csv", rowCount);

    const { outcomes } = await importInto(sandbox, file.path);

    const posts = postsByParticipant(sandbox.requestLog());
    const failed = outcomes.filter((outcome) => outcome.outcome === "failed");
    const answered500 = [...posts.values()].filter((sent) => sent.some((e) => e.fault === "500"));
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.length).toBe(answered500.length);
    expect(answered500.every((sent) => sent.length === 1)).toBe(true);
    expect(failed.every((o) => o.httpStatus === 500 && o.attempts === 1)).toBe(true);
    expect(outcomes.filter((o) => o.outcome === "created")).toHaveLength(
      file.valid.length - failed.length,
    );
  });

  it("keeps each participant ID in flight at most once", async () => {
    const sandbox = await startSandboxForTest({
      faults: { latencyMs: { min: 0, max: 5 }, share503: 0.1, resetAfterShare: 0.05 },
    });
    const file = writeParticipants("in-flight.csv", rowCount);

    await importInto(sandbox, file.path, { concurrency: 16 });

    const overlapping = [...postsByParticipant(sandbox.requestLog()).values()].filter((sent) =>
      sent.some(
        (entry, index) => index > 0 && entry.receivedAt < (sent[index - 1]?.answeredAt ?? 0),
      ),
    );
    expect(overlapping).toEqual([]);
  });
});

describe("adaptive concurrency", () => {
  it("steps down on 429 bursts and climbs back to the ceiling on clean answers", async () => {
    const sandbox = await startSandboxForTest({
      faults: { burst429: { every: 100, length: 4, retryAfterSeconds: 0 } },
    });
    const file = writeParticipants("aimd.csv", 600);
    const limits: number[] = [];

    const { summary } = await importInto(sandbox, file.path, {
      concurrency: 8,
      onConcurrency: (limit) => limits.push(limit),
    });

    const steps = limits.map((limit, index) => ({
      from: index === 0 ? 8 : limits[index - 1],
      to: limit,
    }));
    const lowest = limits.indexOf(Math.min(...limits));
    const isAimdStep = ({ from = 0, to }: { from?: number; to: number }) =>
      to === Math.max(1, Math.floor(from / 2)) || to === from + 1;
    expect(summary.outcomes.created).toBe(file.valid.length);
    expect(limits[0]).toBe(4);
    expect(Math.min(...limits)).toBe(1);
    expect(limits.slice(lowest)).toContain(8);
    expect(Math.max(...limits)).toBe(8);
    expect(steps.filter((step) => !isAimdStep(step))).toEqual([]);
  });
});

describe("Retry-After", () => {
  const forms = [
    { form: "seconds", retryAfterAsDate: false },
    { form: "an HTTP date", retryAfterAsDate: true },
  ];

  it.each(forms)("is waited out when given in $form", async ({ retryAfterAsDate }) => {
    const sandbox = await startSandboxForTest({
      faults: { burst429: { every: 30, length: 3, retryAfterSeconds: 1, retryAfterAsDate } },
    });
    const file = writeParticipants("retry-after.csv", 60);

    const { outcomes } = await importInto(sandbox, file.path, {
      concurrency: 4,
      retryPolicy: fastRetries,
    });

    const posts = postsByParticipant(sandbox.requestLog());
    const waits = [...posts.values()].flatMap((sent) =>
      sent.flatMap((entry, index) => {
        const next = sent[index + 1];
        return entry.fault === "429" && next !== undefined
          ? [next.receivedAt - entry.answeredAt]
          : [];
      }),
    );
    expect(waits.length).toBeGreaterThanOrEqual(3);
    // Timers and clocks are only millisecond-exact; the wait a client invents is at most 20 ms.
    expect(Math.min(...waits)).toBeGreaterThanOrEqual(975);
    expect(outcomes.filter((o) => o.outcome === "created")).toHaveLength(file.valid.length);
  });
});

import { afterEach, describe, expect, it } from "vitest";
import type { Sandbox, SandboxFaults } from "../../src/sandbox/index.js";
import { boston, harbor, login, postParticipant, startTestSandbox } from "./support.js";

let sandbox: Sandbox | undefined;

afterEach(() => sandbox?.close());

const place = { studyOid: harbor, siteOid: boston };

/** The status as text, or "reset" for a broken connection, or "timeout" when the client gave up. */
async function outcomeOf(request: Promise<{ status: number }>): Promise<string> {
  try {
    return String((await request).status);
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;

    if (error instanceof Error && error.name === "TimeoutError") return "timeout";
    if (["ECONNRESET", "EPIPE", "UND_ERR_SOCKET"].includes(cause?.code ?? "")) return "reset";
    return `unexpected ${String(error)}`;
  }
}

async function start(faults: SandboxFaults): Promise<[Sandbox, string]> {
  sandbox = await startTestSandbox({ faults });
  return [sandbox, await login(sandbox, "dm")];
}

describe("faults that break the connection", () => {
  const cases = [
    { faults: { resetBeforeShare: 1 }, fault: "reset-before", outcome: "reset", stored: false },
    { faults: { resetAfterShare: 1 }, fault: "reset-after", outcome: "reset", stored: true },
    {
      faults: { loseResponseShare: 1 },
      fault: "lost-response",
      outcome: "timeout",
      stored: true,
    },
  ];

  it.each(cases)("$fault gives the client $outcome and stored is $stored", async (testCase) => {
    const [server, token] = await start(testCase.faults);
    const signal = AbortSignal.timeout(300);

    const outcome = await outcomeOf(
      postParticipant(server, token, place, { subjectKey: "CUT-1" }, { signal }),
    );

    const keys = server.participants().map((participant) => participant.subjectKey);
    expect(outcome).toBe(testCase.outcome);
    expect(keys.includes("CUT-1")).toBe(testCase.stored);
    expect(server.requestLog().at(-1)).toEqual({
      method: "POST",
      path: expect.stringContaining("/participants"),
      subjectKey: "CUT-1",
      status: testCase.stored ? 200 : 0,
      fault: testCase.fault,
      receivedAt: expect.any(Number),
      answeredAt: expect.any(Number),
    });
  });

  it("stores exactly the writes the log says were applied", async () => {
    const [server, token] = await start({
      resetBeforeShare: 0.2,
      share503: 0.2,
      resetAfterShare: 0.2,
      seed: 4,
    });

    const outcomes = [];
    for (let index = 1; index <= 40; index += 1) {
      const body = { subjectKey: `MIX-${index}` };
      outcomes.push(await outcomeOf(postParticipant(server, token, place, body)));
    }

    const posts = server.requestLog().filter((entry) => entry.path.endsWith("/participants"));
    const applied = posts.filter((entry) => entry.status === 200).length;
    const stored = server.participants().filter((p) => p.subjectKey.startsWith("MIX-"));
    const counts = server.faultCounts();
    expect(posts).toHaveLength(40);
    expect(stored).toHaveLength(applied);
    expect(applied).toBe(40 - counts["reset-before"] - counts["503"]);
    expect(outcomes.filter((outcome) => outcome === "reset")).toHaveLength(
      counts["reset-before"] + counts["reset-after"],
    );
    expect(Math.min(counts["reset-before"], counts["503"], counts["reset-after"])).toBeGreaterThan(
      0,
    );
  });
});

describe("close", () => {
  const cases = [
    { name: "a withheld answer", faults: { loseResponseShare: 1 }, waitForLog: true },
    { name: "a long latency", faults: { latencyMs: 60_000 }, waitForLog: false },
  ];

  it.each(cases)("ends a connection held by $name at once", async ({ faults, waitForLog }) => {
    const [server, token] = await start(faults);
    const pending = outcomeOf(postParticipant(server, token, place, { subjectKey: "HELD-1" }));
    await waitUntil(() => !waitForLog || server.requestLog().length === 2);

    const closeStart = performance.now();
    await server.close();
    const closeTime = performance.now() - closeStart;

    expect(closeTime).toBeLessThan(500);
    expect(await pending).toBe("reset");
  });
});

async function waitUntil(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;

  // A request in flight needs the event loop to turn before the sandbox can see it.
  do {
    await new Promise((resolve) => setTimeout(resolve, 10));
  } while (!condition() && Date.now() < deadline);
}

import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import {
  siteParticipantsPath,
  studyParticipantsPath,
  tokenPath,
} from "../../src/contract/paths.js";
import { createFaultDecider } from "../../src/sandbox/faults/decide.js";
import { resolveFaults } from "../../src/sandbox/faults/settings.js";
import type { SandboxFaults } from "../../src/sandbox/index.js";
import { boston, harbor } from "./support.js";

const sitePath = siteParticipantsPath(harbor, boston);

const request = (url: string, method = "GET") => ({ url, method }) as IncomingMessage;

/** The faults of `count` requests to `url`, with "-" for a request handled normally. */
function decideMany(faults: SandboxFaults, count: number, url = sitePath): string[] {
  const decide = createFaultDecider(resolveFaults(faults, undefined));
  return Array.from({ length: count }, () => decide(request(url)).fault ?? "-");
}

describe("decideFault", () => {
  const certain = [
    { faults: { resetBeforeShare: 1 }, expected: "reset-before" },
    { faults: { share503: 1 }, expected: "503" },
    { faults: { share500: 1 }, expected: "500" },
    { faults: { resetAfterShare: 1 }, expected: "reset-after" },
    { faults: { loseResponseShare: 1 }, expected: "lost-response" },
    { faults: { latencyMs: 50 }, expected: "-" },
  ];

  it.each(certain)("gives every request $expected", ({ faults, expected }) => {
    expect(decideMany(faults, 20)).toEqual(Array(20).fill(expected));
  });

  const paths = [
    { name: "the site POST", url: `${sitePath}?register=y`, method: "POST", expected: "503" },
    {
      name: "the study listing",
      url: studyParticipantsPath(harbor),
      method: "GET",
      expected: "503",
    },
    { name: "the token route", url: tokenPath, method: "POST", expected: "-" },
    { name: "an unknown path", url: "/nowhere", method: "GET", expected: "-" },
  ];

  it.each(paths)("gives $name the fault $expected", ({ url, method, expected }) => {
    const decide = createFaultDecider(resolveFaults({ share503: 1, latencyMs: 9 }, undefined));

    const decision = decide(request(url, method));

    expect(decision.fault ?? "-").toBe(expected);
    expect(decision.latencyMs).toBe(expected === "-" ? 0 : 9);
  });

  it("touches the token route when told to", () => {
    const decide = createFaultDecider(
      resolveFaults({ share503: 1, includeTokenRoute: true }, undefined),
    );

    expect(decide(request(tokenPath, "POST")).fault).toBe("503");
  });

  it("refuses exactly `length` requests after every `every`", () => {
    const faults = decideMany({ burst429: { every: 3, length: 2 } }, 10);

    expect(faults).toEqual(["-", "-", "-", "429", "429", "-", "-", "-", "429", "429"]);
  });

  it("gives the same faults for the same seed", () => {
    const faults = { share503: 0.2, share500: 0.2, resetAfterShare: 0.2, seed: 5 };

    expect(decideMany(faults, 200)).toEqual(decideMany(faults, 200));
    expect(decideMany(faults, 200)).not.toEqual(decideMany({ ...faults, seed: 6 }, 200));
  });

  it("keeps the random faults in place when a burst or a latency range is added", () => {
    const faults = { share503: 0.3, seed: 11 };
    const plain = decideMany(faults, 100);
    const busy = decideMany({ ...faults, burst429: { every: 4, length: 1 } }, 100);
    const slow = decideMany({ ...faults, latencyMs: { min: 5, max: 50 } }, 100);

    expect(busy.map((fault, index) => (fault === "429" ? plain[index] : fault))).toEqual(plain);
    expect(slow).toEqual(plain);
  });

  it("injects each fault at about its share", () => {
    const faults = decideMany({ share503: 0.1, share500: 0.2, loseResponseShare: 0.3 }, 10_000);
    const share = (kind: string) => faults.filter((fault) => fault === kind).length / 10_000;

    expect(share("503")).toBeCloseTo(0.1, 1);
    expect(share("500")).toBeCloseTo(0.2, 1);
    expect(share("lost-response")).toBeCloseTo(0.3, 1);
  });

  it("draws each latency inside its range", () => {
    const decide = createFaultDecider(
      resolveFaults({ latencyMs: { min: 10, max: 20 } }, undefined),
    );

    const latencies = Array.from({ length: 500 }, () => decide(request(sitePath)).latencyMs);

    expect(Math.min(...latencies)).toBeGreaterThanOrEqual(10);
    expect(Math.max(...latencies)).toBeLessThanOrEqual(20);
    expect(new Set(latencies).size).toBeGreaterThan(100);
  });
});

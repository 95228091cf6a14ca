import { describe, expect, it } from "vitest";
import { defaultFaultSeed, resolveFaults } from "../../src/sandbox/faults/settings.js";
import { parseFixture, type SandboxFaults } from "../../src/sandbox/index.js";
import { testFixture } from "./support.js";

const none = {
  latency: { min: 0, max: 0 },
  share503: 0,
  share500: 0,
  resetBeforeShare: 0,
  resetAfterShare: 0,
  loseResponseShare: 0,
  burst429: undefined,
  includeTokenRoute: false,
  seed: defaultFaultSeed,
};

const fixtureFaults = (faults: SandboxFaults) =>
  parseFixture({ ...testFixture, faults }, "faults.json").faults;

describe("resolveFaults", () => {
  const cases = [
    { name: "no faults anywhere", option: undefined, fixture: undefined, expected: none },
    {
      name: "a fixed latency as a range of one",
      option: { latencyMs: 40 },
      fixture: undefined,
      expected: { ...none, latency: { min: 40, max: 40 } },
    },
    {
      name: "a burst with its defaults",
      option: { burst429: { every: 5, length: 2 } },
      fixture: undefined,
      expected: {
        ...none,
        burst429: { every: 5, length: 2, retryAfterSeconds: 1, retryAfterAsDate: false },
      },
    },
    {
      name: "the fixture's faults",
      option: undefined,
      fixture: { share503: 0.2, seed: 9 },
      expected: { ...none, share503: 0.2, seed: 9 },
    },
    {
      name: "an option key over the same fixture key, keeping the others",
      option: { share503: 0, share500: 0.5 },
      fixture: { share503: 0.2, seed: 9 },
      expected: { ...none, share500: 0.5, seed: 9 },
    },
    {
      name: "shares that add up to exactly 1",
      option: { share503: 0.1, share500: 0.2, loseResponseShare: 0.7 },
      fixture: undefined,
      expected: { ...none, share503: 0.1, share500: 0.2, loseResponseShare: 0.7 },
    },
  ];

  it.each(cases)("resolves $name", ({ option, fixture, expected }) => {
    const settings = resolveFaults(option, fixture && fixtureFaults(fixture));

    expect(settings).toEqual(expected);
  });

  const refused = [
    { name: "an unknown key", option: { share404: 0.1 }, names: "faults.share404:" },
    { name: "a share above 1", option: { share503: 1.5 }, names: "faults.share503:" },
    { name: "a negative latency", option: { latencyMs: -1 }, names: "faults.latencyMs" },
    {
      name: "a latency range upside down",
      option: { latencyMs: { min: 9, max: 3 } },
      names: "faults.latencyMs",
    },
    {
      name: "a burst of 0",
      option: { burst429: { every: 5, length: 0 } },
      names: "faults.burst429.length:",
    },
    { name: "a negative seed", option: { seed: -1 }, names: "faults.seed:" },
    {
      name: "shares above 1 together",
      option: { share503: 0.6, resetAfterShare: 0.6 },
      names: "add up to 1.2",
    },
  ];

  it.each(refused)("refuses $name as a usage error", ({ option, names }) => {
    const resolve = () => resolveFaults(option as SandboxFaults, undefined);

    expect(resolve).toThrow(expect.objectContaining({ code: "usage" }));
    expect(resolve).toThrow(names);
  });

  it("refuses shares above 1 across the option and the fixture", () => {
    const resolve = () => resolveFaults({ share500: 0.5 }, fixtureFaults({ share503: 0.6 }));

    expect(resolve).toThrow(expect.objectContaining({ code: "usage" }));
  });
});

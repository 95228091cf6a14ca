import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { registerSandbox } from "../../src/cli/commands/sandbox.js";
import type { CliIo } from "../../src/cli/io.js";
import {
  type FaultFlags,
  faultsFromFlags,
  parseBurst,
  parseLatency,
  parseShare,
  renderFaults,
} from "../../src/cli/sandbox-faults.js";
import { resolveFaults } from "../../src/sandbox/faults/settings.js";

/** The faults the sandbox command would start with, without starting it. */
async function faultsOfArguments(args: string[]) {
  const program = new Command().exitOverride();
  registerSandbox(program, {} as CliIo);
  let faults: ReturnType<typeof faultsFromFlags>;
  program.commands[0]?.action((flags: FaultFlags) => {
    faults = faultsFromFlags(flags);
  });

  await program.parseAsync(["sandbox", ...args], { from: "user" });
  return faults;
}

describe("sandbox fault flags", () => {
  const cases = [
    { args: [], expected: undefined },
    { args: ["--latency", "50"], expected: { latencyMs: 50 } },
    { args: ["--latency", "20-200"], expected: { latencyMs: { min: 20, max: 200 } } },
    {
      args: ["--fail-503", "0.05", "--fail-500", "0.01"],
      expected: { share503: 0.05, share500: 0.01 },
    },
    {
      args: ["--reset-before", "0.1", "--reset-after", ".2", "--lose-response", "0.3"],
      expected: { resetBeforeShare: 0.1, resetAfterShare: 0.2, loseResponseShare: 0.3 },
    },
    {
      args: ["--burst-429", "200:20"],
      expected: {
        burst429: { every: 200, length: 20, retryAfterSeconds: 1, retryAfterAsDate: false },
      },
    },
    {
      args: ["--burst-429", "5:2:30", "--retry-after-date"],
      expected: {
        burst429: { every: 5, length: 2, retryAfterSeconds: 30, retryAfterAsDate: true },
      },
    },
    {
      args: ["--seed", "99", "--faults-on-token"],
      expected: { seed: 99, includeTokenRoute: true },
    },
  ];

  it.each(cases)("turns $args into the faults option", async ({ args, expected }) => {
    const faults = await faultsOfArguments(args);

    expect(faults).toEqual(expected);
  });

  it("refuses --retry-after-date without --burst-429", async () => {
    const parse = faultsOfArguments(["--retry-after-date"]);

    await expect(parse).rejects.toMatchObject({ code: "usage" });
  });
});

describe("sandbox fault flag values", () => {
  const refused = [
    { name: "a text latency", parse: () => parseLatency("slow") },
    { name: "an upside-down range", parse: () => parseLatency("200-20") },
    { name: "a negative latency", parse: () => parseLatency("-5") },
    { name: "a share above 1", parse: () => parseShare("--fail-503")("1.5") },
    { name: "a percentage", parse: () => parseShare("--fail-503")("5%") },
    { name: "an empty share", parse: () => parseShare("--fail-503")("") },
    { name: "a hex share", parse: () => parseShare("--fail-503")("0x1") },
    { name: "a burst with no length", parse: () => parseBurst("200") },
    { name: "a burst of 0", parse: () => parseBurst("200:0") },
    { name: "a burst never reached", parse: () => parseBurst("0:5") },
    { name: "a burst with a fraction", parse: () => parseBurst("2.5:1") },
  ];

  it.each(refused)("refuses $name as a usage error", ({ parse }) => {
    expect(parse).toThrow(expect.objectContaining({ code: "usage" }));
  });

  it("accepts the ends of a share", () => {
    expect([parseShare("--x")("0"), parseShare("--x")("1"), parseShare("--x")("1.0")]).toEqual([
      0, 1, 1,
    ]);
  });
});

describe("renderFaults", () => {
  const cases = [
    { faults: {}, expected: undefined },
    {
      faults: { latencyMs: { min: 20, max: 200 }, share503: 0.07, seed: 3 },
      expected: "latency 20-200 ms, 503 7% (seed 3)",
    },
    {
      faults: { burst429: { every: 200, length: 20 }, loseResponseShare: 0.5 },
      expected: "429 x20 after every 200 (Retry-After 1 s), lost response 50% (seed 1)",
    },
  ];

  it.each(cases)("renders $expected", ({ faults, expected }) => {
    expect(renderFaults(resolveFaults(faults, undefined))).toBe(expected);
  });
});

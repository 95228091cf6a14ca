import { usageError } from "../errors.js";
import type { FaultSettings, SandboxFaults } from "../sandbox/index.js";

/** The fault flags as commander hands them over; each is absent unless given. */
export interface FaultFlags {
  latency?: SandboxFaults["latencyMs"];
  fail503?: number;
  fail500?: number;
  burst429?: NonNullable<SandboxFaults["burst429"]>;
  retryAfterDate?: boolean;
  resetBefore?: number;
  resetAfter?: number;
  loseResponse?: number;
  faultsOnToken?: boolean;
  seed?: number;
}

/** Only the flags given become keys, so the fixture's `faults` keep the keys no flag names. */
export function faultsFromFlags(flags: FaultFlags): SandboxFaults | undefined {
  if (flags.retryAfterDate === true && flags.burst429 === undefined) {
    throw usageError("--retry-after-date only changes --burst-429; give both, or drop it.");
  }

  const burst429 =
    flags.burst429 === undefined
      ? undefined
      : { ...flags.burst429, retryAfterAsDate: flags.retryAfterDate === true };
  const entries = Object.entries({
    latencyMs: flags.latency,
    share503: flags.fail503,
    share500: flags.fail500,
    burst429,
    resetBeforeShare: flags.resetBefore,
    resetAfterShare: flags.resetAfter,
    loseResponseShare: flags.loseResponse,
    includeTokenRoute: flags.faultsOnToken,
    seed: flags.seed,
  }).filter(([, value]) => value !== undefined);

  return entries.length === 0 ? undefined : (Object.fromEntries(entries) as SandboxFaults);
}

/** `50` or `20-200` (milliseconds). */
export function parseLatency(text: string): SandboxFaults["latencyMs"] {
  const match = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(text);
  const min = Number(match?.[1]);
  const max = match?.[2] === undefined ? min : Number(match[2]);

  if (match === null || min > max) {
    throw usageError(
      `--latency "${text}" must be whole milliseconds, such as 50, or a range such as 20-200.`,
    );
  }

  return min === max ? min : { min, max };
}

export function parseShare(name: string) {
  return (text: string): number => {
    const value = Number(text);

    if (!/^\s*\d*\.?\d+\s*$/.test(text) || value > 1) {
      throw usageError(`${name} "${text}" must be a share from 0 to 1, such as 0.05 for 5%.`);
    }

    return value;
  };
}

/** `every:length` or `every:length:seconds`, e.g. `200:20:1`. */
export function parseBurst(text: string): NonNullable<FaultFlags["burst429"]> {
  const match = /^\s*(\d+):(\d+)(?::(\d+))?\s*$/.exec(text);
  const [every, length, seconds] = [match?.[1], match?.[2], match?.[3] ?? "1"].map(Number);

  if (match === null || !every || !length || seconds === undefined) {
    throw usageError(
      `--burst-429 "${text}" must be every:length or every:length:seconds with whole numbers above 0, such as 200:20:1.`,
    );
  }

  return { every, length, retryAfterSeconds: seconds };
}

/** One line for the start notice, or undefined when the sandbox injects nothing. */
export function renderFaults(faults: FaultSettings): string | undefined {
  const { min, max } = faults.latency;
  const burst = faults.burst429;
  const parts = [
    max > 0 ? `latency ${min === max ? min : `${min}-${max}`} ms` : "",
    burst
      ? `429 x${burst.length} after every ${burst.every} (Retry-After ${burst.retryAfterSeconds} s)`
      : "",
    ...(
      [
        ["503", faults.share503],
        ["500", faults.share500],
        ["reset before", faults.resetBeforeShare],
        ["reset after", faults.resetAfterShare],
        ["lost response", faults.loseResponseShare],
      ] as const
    ).map(([name, share]) => (share > 0 ? `${name} ${Number((share * 100).toPrecision(6))}%` : "")),
  ].filter((part) => part !== "");

  return parts.length === 0 ? undefined : `${parts.join(", ")} (seed ${faults.seed})`;
}

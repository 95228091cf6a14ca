import { usageError } from "../../errors.js";
import { describeIssues, formatProblems } from "../fixture/problems.js";
import { type CheckedFaults, faultsSchema, type SandboxFaults } from "./schema.js";

export interface LatencyRange {
  min: number;
  max: number;
}

export type BurstSettings = NonNullable<CheckedFaults["burst429"]>;

/** The faults with every default filled in: what `decideFault` works from. */
export interface FaultSettings {
  latency: LatencyRange;
  share503: number;
  share500: number;
  resetBeforeShare: number;
  resetAfterShare: number;
  loseResponseShare: number;
  burst429: BurstSettings | undefined;
  includeTokenRoute: boolean;
  seed: number;
}

/** Any fixed seed makes runs repeatable; this one is simply the first. */
export const defaultFaultSeed = 1;

const shareKeys = [
  "resetBeforeShare",
  "share503",
  "share500",
  "resetAfterShare",
  "loseResponseShare",
] as const;

/**
 * Checks the `faults` option and merges it over the fixture's `faults`, key by key: a key given
 * to `startSandbox` (or by a command-line flag) wins over the same key in the fixture, and the
 * fixture's other keys still apply. Pass a share of 0 to turn off a fixture's fault.
 */
export function resolveFaults(
  option: SandboxFaults | undefined,
  fixture: CheckedFaults | undefined,
): FaultSettings {
  const given = option === undefined ? {} : checkOption(option);
  const pick = <Key extends keyof CheckedFaults>(key: Key) => given[key] ?? fixture?.[key];

  const shares = Object.fromEntries(shareKeys.map((key) => [key, pick(key) ?? 0])) as Record<
    (typeof shareKeys)[number],
    number
  >;
  checkShareTotal(shares);

  const latency = pick("latencyMs") ?? 0;

  return {
    latency: typeof latency === "number" ? { min: latency, max: latency } : latency,
    ...shares,
    burst429: pick("burst429"),
    includeTokenRoute: pick("includeTokenRoute") ?? false,
    seed: pick("seed") ?? defaultFaultSeed,
  };
}

/** True when the settings inject nothing, so the sandbox can skip the fault step entirely. */
export function injectsNothing(settings: FaultSettings): boolean {
  const shareTotal = shareKeys.reduce((total, key) => total + settings[key], 0);
  return settings.latency.max === 0 && shareTotal === 0 && settings.burst429 === undefined;
}

function checkOption(option: SandboxFaults): CheckedFaults {
  const result = faultsSchema.safeParse(option);

  if (!result.success) {
    const problems = describeIssues(result.error.issues).map((problem) => ({
      ...problem,
      path: ["faults", ...problem.path],
    }));

    throw usageError(
      `The sandbox option faults is not valid:\n${formatProblems(problems)}\nFix these keys and try again.`,
    );
  }

  return result.data;
}

/**
 * Each request draws once and the shares are consecutive bands of [0, 1) (see `decideFault`),
 * so together they cannot pass 1.
 */
function checkShareTotal(shares: Record<(typeof shareKeys)[number], number>): void {
  const total = shareKeys.reduce((sum, key) => sum + shares[key], 0);

  // A little slack, so that shares such as 0.1 + 0.2 + 0.7 are not refused for rounding.
  if (total > 1 + 1e-9) {
    const listed = shareKeys
      .filter((key) => shares[key] > 0)
      .map((key) => `${key} ${shares[key]}`)
      .join(", ");
    throw usageError(
      `The sandbox fault shares add up to ${total}, above 1 (${listed}). Lower them so that together they are at most 1.`,
    );
  }
}

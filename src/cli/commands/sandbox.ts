import { type Command, Option } from "commander";
import { usageError } from "../../errors.js";
import {
  type FaultSettings,
  loadFixture,
  type SandboxFaults,
  startSandbox,
} from "../../sandbox/index.js";
import type { CliIo } from "../io.js";
import { parseWholeNumber } from "../parse-options.js";
import { sampleFixturePath } from "../sandbox-target.js";

interface SandboxFlags extends FaultFlags {
  port: number;
  fixture: string;
  host: string;
  tokenLimit?: number;
  tokenLifetime?: number;
}

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

/** Flags for a share of participant requests, and the fault each injects. */
const shareFlags = [
  ["--fail-503", "answer this share of participant requests with a 503, e.g. 0.05"],
  ["--fail-500", "answer this share with a 500"],
  ["--reset-before", "reset the connection of this share before applying the request"],
  ["--reset-after", "apply this share of requests, then reset the connection"],
  ["--lose-response", "apply this share of requests and never answer them"],
] as const;

export function registerSandbox(program: Command, io: CliIo): void {
  const command = program
    .command("sandbox")
    .description(
      "Serve a local stand-in for the OpenClinica 4 participant API, with the same rules, on loopback. Runs until Ctrl-C; its data lives in memory only.",
    )
    .option(
      "--port <n>",
      "port to listen on (0 picks a free one)",
      parseWholeNumber("--port", 0, 65535),
      8080,
    )
    .option(
      "--fixture <file>",
      "the studies, users and participants to start with",
      sampleFixturePath,
    )
    .addOption(new Option("--host <address>", "loopback address to bind").default("127.0.0.1"))
    .option(
      "--token-limit <n>",
      "logins allowed per minute per address (the real server allows 2)",
      parseWholeNumber("--token-limit", 1, 100_000),
    )
    .option(
      "--token-lifetime <seconds>",
      "seconds a token stays valid (real tokens last 4 hours)",
      parseWholeNumber("--token-lifetime", 1, 86_400),
    )
    .option("--latency <ms>", "delay each participant request: 50, or a range 20-200", parseLatency)
    .option(
      "--burst-429 <every:length[:seconds]>",
      "after every N requests answer the next M with a 429 and Retry-After (default 1 s)",
      parseBurst,
    )
    .option("--retry-after-date", "send the burst's Retry-After as an HTTP date");

  for (const [flag, help] of shareFlags) {
    command.option(`${flag} <share>`, help, parseShare(flag));
  }

  command
    .option("--faults-on-token", "inject the faults into the token endpoint too")
    .option(
      "--seed <n>",
      "seed of the fault choices: the same seed, the same faults (default 1)",
      parseWholeNumber("--seed", 0, 0xffff_ffff),
    )
    .action(async (flags: SandboxFlags) => {
      const fixture = await loadFixture(flags.fixture);
      const sandbox = await startSandbox({
        fixture,
        port: flags.port,
        host: flags.host,
        tokenCallsPerMinute: flags.tokenLimit,
        tokenLifetimeSeconds: flags.tokenLifetime,
        faults: faultsFromFlags(flags),
      });

      io.notice(`Sandbox serving at ${sandbox.url}`);
      const faults = renderFaults(sandbox.faults);
      if (faults !== undefined) io.notice(`  injecting ${faults}`);
      for (const study of fixture.studies) {
        const sites = study.sites.map((site) => site.oid).join(", ");
        io.notice(`  study ${study.oid}  sites: ${sites === "" ? "(none)" : sites}`);
      }
      for (const user of fixture.users) {
        const roles = user.roles.map((role) => `${role.role} on ${role.oid}`).join(", ");
        io.notice(`  user ${user.username} / ${user.password}  (${roles})`);
      }
      io.notice(
        `Try: OC_USERNAME=... OC_PASSWORD=... oc-participants import FILE --server ${sandbox.url} --study "<oid>"`,
      );
      io.notice("Press Ctrl-C to stop.");

      await waitForSignal();
      await sandbox.close();
    });
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

function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once("SIGINT", () => resolve());
    process.once("SIGTERM", () => resolve());
  });
}

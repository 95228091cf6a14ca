import { type Command, Option } from "commander";
import { usageError } from "../../errors.js";
import { loadFixture, startSandbox } from "../../sandbox/index.js";
import type { CliIo } from "../io.js";
import { parseWholeNumber } from "../parse-options.js";
import {
  type FaultFlags,
  faultsFromFlags,
  parseBurst,
  parseLatency,
  parseShare,
  renderFaults,
} from "../sandbox-faults.js";
import { sampleFixturePath } from "../sandbox-target.js";

interface SandboxFlags extends FaultFlags {
  port: number;
  fixture: string;
  host: string;
  tokenLimit?: number;
  tokenLifetime?: number;
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
    .addHelpText(
      "after",
      `
Examples:
  $ oc-participants sandbox --port 8080
  $ oc-participants sandbox --fixture study.json --fail-503 0.1 --burst-429 100:10:1 --seed 7`,
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
      }).catch((error: unknown) => {
        if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") {
          throw usageError(
            `Port ${flags.port} is already in use. Choose another with --port, or --port 0 for any free one.`,
          );
        }
        throw error;
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

function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once("SIGINT", () => resolve());
    process.once("SIGTERM", () => resolve());
  });
}

import { type Command, Option } from "commander";
import { loadFixture, startSandbox } from "../../sandbox/index.js";
import type { CliIo } from "../io.js";
import { parseWholeNumber } from "../parse-options.js";
import { sampleFixturePath } from "../sandbox-target.js";

interface SandboxFlags {
  port: number;
  fixture: string;
  host: string;
  tokenLimit?: number;
}

export function registerSandbox(program: Command, io: CliIo): void {
  program
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
    .action(async (flags: SandboxFlags) => {
      const fixture = await loadFixture(flags.fixture);
      const sandbox = await startSandbox({
        fixture,
        port: flags.port,
        host: flags.host,
        tokenCallsPerMinute: flags.tokenLimit,
      });

      io.notice(`Sandbox serving at ${sandbox.url}`);
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

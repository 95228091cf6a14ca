import { readFileSync } from "node:fs";
import { Command, CommanderError } from "commander";
import { FatalError } from "../errors.js";
import { registerImport } from "./commands/import.js";
import { registerPlan } from "./commands/plan.js";
import { registerSandbox } from "./commands/sandbox.js";
import { registerValidate } from "./commands/validate.js";
import { applyConfig, findConfigPath, loadConfig } from "./config-file.js";
import { exitCodeForFatal, exitCodes } from "./exit-codes.js";
import { type CliIo, processIo } from "./io.js";

/**
 * The only place that turns errors into exit codes and messages. Commands return data or
 * throw a `FatalError`; anything else is a bug, reported in one line without a stack trace
 * (set NODE_DEBUG=oc-participants for details).
 */
export async function main(argv: string[], io: CliIo = processIo()): Promise<void> {
  const program = new Command()
    .name("oc-participants")
    .description("Validate and bulk-import participants into OpenClinica 4.")
    .version(readVersion(), "-V, --version")
    .exitOverride()
    .showHelpAfterError("(run with --help for usage)");

  registerValidate(program, io);
  registerPlan(program, io);
  registerImport(program, io);
  registerSandbox(program, io);

  if (argv.length <= 2) {
    io.notice(program.helpInformation());
    io.setExitCode(exitCodes.usage);
    return;
  }

  try {
    const configPath = findConfigPath(argv.slice(2));
    if (configPath !== undefined) applyConfig(program.commands, loadConfig(configPath));
    await program.parseAsync(argv);
  } catch (error) {
    const code = handleError(error, io);
    io.setExitCode(code);

    // A CI step that reads --json output gets JSON on failure too, not an empty stdout.
    if (code !== exitCodes.ok && argv.includes("--json")) {
      const fatal = error instanceof FatalError ? error.code : "usage";
      const message = error instanceof Error ? error.message : String(error);
      io.stdout(`${JSON.stringify({ error: { code: fatal, exitCode: code, message } })}\n`);
    }
  }
}

function handleError(error: unknown, io: CliIo): number {
  if (error instanceof CommanderError) {
    const quiet = ["commander.helpDisplayed", "commander.version", "commander.help"];
    return quiet.includes(error.code) ? exitCodes.ok : exitCodes.usage;
  }

  if (error instanceof FatalError) {
    io.notice(`Error: ${error.message}`);
    return exitCodeForFatal(error.code);
  }

  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  io.notice(
    `Unexpected error: ${reason}. This is a bug; please report it with the command you ran.`,
  );
  if (process.env.NODE_DEBUG?.includes("oc-participants") && error instanceof Error) {
    io.notice(error.stack ?? "");
  }
  return 70;
}

function readVersion(): string {
  const text = readFileSync(new URL("../../package.json", import.meta.url), "utf8");
  return (JSON.parse(text) as { version: string }).version;
}

import { readFileSync } from "node:fs";
import { Command, CommanderError } from "commander";
import { FatalError } from "../errors.js";
import { registerImport } from "./commands/import.js";
import { registerPlan } from "./commands/plan.js";
import { registerSandbox } from "./commands/sandbox.js";
import { registerValidate } from "./commands/validate.js";
import { applyConfig, findConfigPath, loadConfig } from "./config-file.js";
import { bugExitCode, describeBug, reportBug, reportCrashes } from "./crash.js";
import { exitCodeForFatal, exitCodes } from "./exit-codes.js";
import { type CliIo, processIo } from "./io.js";
import { hideOptionValues, refuseSecretFlags } from "./secret-flags.js";

/** The program as `bin/` runs it: the real terminal, and crashes reported like any bug. */
export async function run(argv: string[]): Promise<void> {
  const io = processIo();
  reportCrashes(io);
  await main(argv, io);
}

/**
 * The only place that turns errors into exit codes and messages. Commands return data or
 * throw a `FatalError`; anything else is a bug, reported in one line without a stack trace
 * (set NODE_DEBUG=oc-participants for details). Commander's own output goes through `io` too,
 * so that the redactor sees it.
 */
export async function main(argv: string[], io: CliIo = processIo()): Promise<void> {
  const program = new Command()
    .name("oc-participants")
    .description("Validate and bulk-import participants into OpenClinica 4.")
    .version(readVersion(), "-V, --version")
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout(text),
      writeErr: (text) => io.stderrStream.write(io.secrets.redact(text)),
      outputError: (text, write) => write(hideOptionValues(text)),
    })
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
    refuseSecretFlags(argv.slice(2));
    const configPath = findConfigPath(argv.slice(2));
    if (configPath !== undefined) applyConfig(program.commands, loadConfig(configPath));
    await program.parseAsync(argv);
  } catch (error) {
    const code = handleError(error, io);
    io.setExitCode(code);

    // A CI step that reads --json output gets JSON on failure too, not an empty stdout.
    if (code !== exitCodes.ok && argv.includes("--json")) {
      const fatal =
        error instanceof FatalError ? error.code : code === bugExitCode ? "bug" : "usage";
      const message = describeFailure(error, io);
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

  reportBug(error, io);
  return bugExitCode;
}

/** The `--json` error message: the tool's own, or a bug's first line; never an option's value. */
function describeFailure(error: unknown, io: CliIo): string {
  if (error instanceof CommanderError) return hideOptionValues(error.message);
  if (error instanceof FatalError) return error.message;
  return describeBug(error, io.secrets);
}

function readVersion(): string {
  const text = readFileSync(new URL("../../package.json", import.meta.url), "utf8");
  return (JSON.parse(text) as { version: string }).version;
}

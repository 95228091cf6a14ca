import type { Command } from "commander";
import { runValidate } from "../../import/run-validate.js";
import { exitCodeForSummary } from "../exit-codes.js";
import { addFileOptions, type FileFlags, readFileOptions } from "../file-options.js";
import { type CliIo, withVerbosity } from "../io.js";
import { chooseReportPath } from "../parse-options.js";
import { createRunOutput } from "../run-output.js";

export function registerValidate(program: Command, io: CliIo): void {
  const command = program
    .command("validate")
    .description(
      "Check every row of a participant CSV against the server's documented rules, with no network.",
    )
    .addHelpText(
      "after",
      `
Examples:
  $ oc-participants validate participants.csv
  $ oc-participants validate export.csv --encoding windows-1252 --default-country GB
  $ oc-participants validate list.csv --map subjectKey="Study No" --site 'S_OHIO(TEST)' --json`,
    )
    .argument("<file>", "the participant CSV");

  addFileOptions(command).action(async (file: string, flags: FileFlags) => {
    io.setExitCode(await validateCommand(file, flags, withVerbosity(io, flags)));
  });
}

async function validateCommand(file: string, flags: FileFlags, io: CliIo): Promise<number> {
  const options = readFileOptions(flags);
  const output = createRunOutput(io, {
    command: "validate",
    file,
    reportPath: chooseReportPath(file, flags.report, "validate"),
    json: flags.json === true,
    color: flags.color !== false,
    quiet: flags.quiet,
  });

  let finished = false;
  try {
    const summary = await runValidate({ ...options, file, ...output });
    finished = true;
    output.finish(summary);
    return exitCodeForSummary(summary);
  } finally {
    output.close(finished);
  }
}

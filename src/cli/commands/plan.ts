import type { Command } from "commander";
import type { RowOutcome } from "../../import/outcome.js";
import { runPlan } from "../../plan/run-plan.js";
import { openReport, type ReportWriter } from "../../report/report-writer.js";
import { chooseColour } from "../colour.js";
import { exitCodeForSummary, exitCodes } from "../exit-codes.js";
import { addFileOptions, type FileFlags, readFileOptions } from "../file-options.js";
import { type CliIo, withVerbosity } from "../io.js";
import { chooseReportPath, parseRegister } from "../parse-options.js";
import { renderPlan } from "../render-plan.js";
import { removeStaleReport } from "../run-output.js";
import {
  addServerOptions,
  loginWaitNotice,
  resolveTarget,
  type ServerFlags,
} from "../server-options.js";

interface PlanFlags extends FileFlags, ServerFlags {
  register?: boolean | string;
}

export function registerPlan(program: Command, io: CliIo): void {
  const command = program
    .command("plan")
    .description(
      "Show what an import would do, without writing anything: each row is create, update, conflict or invalid, judged against the study's participants as the server lists them.",
    )
    .addHelpText(
      "after",
      `
Examples:
  $ oc-participants plan samples/participants.csv --sandbox
  $ OC_USERNAME=jdoe OC_PASSWORD=... oc-participants plan people.csv \\
      --server https://acme.openclinica.io/OpenClinica --auth-url https://acme.build.openclinica.io \\
      --study 'S_JUNO(PROD)'

Environment: OC_SERVER, OC_AUTH_URL, OC_STUDY, OC_SITE, OC_USERNAME, OC_PASSWORD, OC_TOKEN,
OC_CA_FILE, OC_ALLOW_HTTP.`,
    )
    .argument("<file>", "the participant CSV")
    .option(
      "--register [mode]",
      "plan as for an import with --register (or --register=column): checks that Participate is on",
    );

  addFileOptions(addServerOptions(command)).action(
    async (file: string, flags: PlanFlags, self: Command) => {
      io.setExitCode(await planCommand(file, flags, withVerbosity(io, flags), self));
    },
  );
}

async function planCommand(
  file: string,
  flags: PlanFlags,
  io: CliIo,
  command: Command,
): Promise<number> {
  const register = parseRegister(flags.register);
  const options = { ...readFileOptions(flags), registerFromColumn: register.fromColumn };
  const reportPath = chooseReportPath(file, flags.report, "plan");
  removeStaleReport(reportPath);
  const target = await resolveTarget(flags, io, command);
  const conflicts: RowOutcome[] = [];
  let report: ReportWriter | undefined;

  try {
    const result = await runPlan({
      ...options,
      ...target,
      file,
      register: register.all,
      timeoutMs: flags.timeout * 1000,
      retryPolicy: { retries: flags.retries, baseDelayMs: 500, maxDelayMs: 30_000 },
      onLoginWait: loginWaitNotice(io),
      onOutcome: (outcome) => {
        report ??= openReport(reportPath);
        report.write(outcome);
        if (outcome.outcome === "conflict" && conflicts.length < 20) conflicts.push(outcome);
      },
    });

    if (flags.json === true) {
      io.stdout(`${JSON.stringify({ ...result.summary, problems: result.problems })}\n`);
    } else {
      const colour = chooseColour(io.stdoutStream, flags.color !== false, io.env);
      io.stdout(renderPlan(result, { ...target, file, reportPath, colour, conflicts }));
    }

    return result.problems.length > 0 ? exitCodes.refused : exitCodeForSummary(result.summary);
  } finally {
    try {
      report?.close();
    } finally {
      await target.close?.();
    }
  }
}

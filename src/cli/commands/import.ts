import type { Command } from "commander";
import { runImport } from "../../import/run-import.js";
import { markRunComplete, writeRunState } from "../../report/run-state.js";
import { exitCodeForStop } from "../exit-codes.js";
import { addFileOptions, type FileFlags, readFileOptions } from "../file-options.js";
import { invokedAs } from "../invoked-as.js";
import { type CliIo, withVerbosity } from "../io.js";
import { chooseReportPath, parseRegister, parseWholeNumber } from "../parse-options.js";
import { confirmProduction } from "../production-guard.js";
import { planResume } from "../resume-options.js";
import { createRunOutput } from "../run-output.js";
import {
  addServerOptions,
  loginWaitNotice,
  resolveTarget,
  type ServerFlags,
  type Target,
} from "../server-options.js";
import { onStopSignal } from "../stop-signal.js";

interface ImportFlags extends FileFlags, ServerFlags {
  register?: boolean | string;
  yes?: boolean;
  concurrency: number;
  resume?: string;
  retryFailed?: string;
}

export function registerImport(program: Command, io: CliIo): void {
  const command = program
    .command("import")
    .description(
      "Validate a participant CSV, then add or update its valid rows on an OpenClinica 4 server. Credentials come from OC_USERNAME and OC_PASSWORD, or OC_TOKEN.",
    )
    .addHelpText(
      "after",
      `
Examples:
  $ oc-participants import samples/participants.csv --sandbox
  $ OC_USERNAME=jdoe OC_PASSWORD=... oc-participants import people.csv \\
      --server https://acme.openclinica.io/OpenClinica --auth-url https://acme.build.openclinica.io \\
      --study 'S_JUNO(TEST)' --site 'S_OHIO(TEST)'
  $ oc-participants import people.csv --study 'S_JUNO(TEST)' --resume people.import-report.csv

Environment: OC_SERVER, OC_AUTH_URL, OC_STUDY, OC_SITE, OC_USERNAME, OC_PASSWORD, OC_TOKEN,
OC_CA_FILE, OC_ALLOW_HTTP.
Exit codes: 0 all rows ok, 1 some rows not ok, 2 usage, 3 login, 4 unreachable, 5 study refused,
130/143 interrupted (resume with --resume REPORT).`,
    )
    .argument("<file>", "the participant CSV")
    .option(
      "--register [mode]",
      "also create Participate accounts (register=y) for every row, or with =column as each row's Register column says",
    )
    .option("--yes", "confirm an import into a production study, e.g. S_JUNO(PROD)")
    .option(
      "--concurrency <n>",
      "requests in flight at once",
      parseWholeNumber("--concurrency", 1, 64),
      4,
    )
    .option(
      "--resume <report>",
      "continue an interrupted import: send every row not yet created or updated",
    )
    .option("--retry-failed <report>", "send again only the rows that ended failed in that report");

  addFileOptions(addServerOptions(command)).action(
    async (file: string, flags: ImportFlags, self: Command) => {
      io.setExitCode(await importCommand(file, flags, withVerbosity(io, flags), self));
    },
  );
}

async function importCommand(
  file: string,
  flags: ImportFlags,
  io: CliIo,
  command: Command,
): Promise<number> {
  const register = parseRegister(flags.register);
  const fileOptions = { ...readFileOptions(flags), registerFromColumn: register.fromColumn };
  const target = await resolveTarget(flags, io, command);
  // A sandbox started for this run must stop if the run is refused before it begins, or the
  // process would go on serving it.
  const { resume, reportPath, output } = await closingOnError(target, async () => {
    await confirmProduction(target.studyOid, flags.yes === true, io);
    const resume = planResume(flags, target.studyOid);
    const reportPath = resume?.reportPath ?? chooseReportPath(file, flags.report, "import");
    const output = createRunOutput(io, {
      command: "import",
      file,
      reportPath,
      append: resume !== undefined,
      json: flags.json === true,
      color: flags.color !== false,
      quiet: flags.quiet,
      argv: process.argv.slice(2),
      program: invokedAs(process.argv[1]),
    });
    return { resume, reportPath, output };
  });

  const stop = new AbortController();
  let started = false;
  const signals = onStopSignal({
    first: (exitCode) => {
      // Before the first row nothing has been sent or written that a gentle stop would keep,
      // and a login may be waiting out a long Retry-After: end at once.
      if (!started) {
        io.warn("Stopped before the first row: nothing was sent.");
        process.exit(exitCode);
      }
      io.notice(
        "Stopping: no new rows are sent; requests in flight finish. Press Ctrl-C again to abort at once.",
      );
      stop.abort();
    },
  });
  let finished = false;

  try {
    const summary = await runImport({
      ...fileOptions,
      ...target,
      ...output,
      file,
      resume: resume?.from,
      register: register.all,
      concurrency: flags.concurrency,
      timeoutMs: flags.timeout * 1000,
      retryPolicy: { retries: flags.retries, baseDelayMs: 500, maxDelayMs: 30_000 },
      signal: stop.signal,
      onStart: (start) => {
        started = true;
        output.onStart(start);
        io.verbose(
          `Connected to ${target.serverUrl}: ${target.studyOid} holds ${start.existing.size} participants; the file has ${start.rows ?? 0} rows, sent ${flags.concurrency} at a time.`,
        );
        if (start.registering > 0) {
          io.warn(
            `Registering up to ${start.registering} participants for Participate: each gets an account and an access code.`,
          );
        }
        if (resume === undefined) {
          const state = {
            version: 1 as const,
            inputSha256: start.inputSha256,
            studyOid: target.studyOid,
          };
          writeRunState(reportPath, { ...state, existing: [...start.existing] });
        }
      },
      onLoginWait: loginWaitNotice(io),
      onConcurrency: (limit) =>
        io.verbose(`Concurrency now ${limit} (the server answered 429, or recovered).`),
    });
    finished = true;
    if (summary.outcomes.skipped === 0) markRunComplete(reportPath);
    output.finish(summary);
    return exitCodeForStop(summary, signals.received());
  } finally {
    signals.dispose();
    // A report that cannot be closed must not keep a sandbox started for the run serving,
    // and with it the process alive.
    try {
      output.close(finished);
    } finally {
      await target.close?.();
    }
  }
}

async function closingOnError<T>(target: Target, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    await target.close?.();
    throw error;
  }
}

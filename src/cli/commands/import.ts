import { type Command, Option } from "commander";
import type { Credentials } from "../../client/login.js";
import { usageError } from "../../errors.js";
import { runImport } from "../../import/run-import.js";
import { writeRunState } from "../../report/run-state.js";
import { exitCodeForStop } from "../exit-codes.js";
import { addFileOptions, type FileFlags, readFileOptions } from "../file-options.js";
import type { CliIo } from "../io.js";
import { chooseReportPath, parseHttpUrl, parseWholeNumber } from "../parse-options.js";
import { planResume } from "../resume-options.js";
import { createRunOutput } from "../run-output.js";
import { type SandboxTarget, startSandboxTarget } from "../sandbox-target.js";
import { onStopSignal } from "../stop-signal.js";

interface ImportFlags extends FileFlags {
  server?: string;
  authUrl?: string;
  study?: string;
  register?: boolean;
  concurrency: number;
  retries: number;
  timeout: number;
  sandbox?: boolean;
  fixture?: string;
  resume?: string;
  retryFailed?: string;
}

export function registerImport(program: Command, io: CliIo): void {
  const command = program
    .command("import")
    .description(
      "Validate a participant CSV, then add or update its valid rows on an OpenClinica 4 server. Credentials come from OC_USERNAME and OC_PASSWORD, or OC_TOKEN.",
    )
    .argument("<file>", "the participant CSV")
    .addOption(
      new Option(
        "--server <url>",
        "the study's runtime URL, e.g. https://acme.openclinica.io/OpenClinica",
      )
        .env("OC_SERVER")
        .argParser(parseHttpUrl("--server")),
    )
    .addOption(
      new Option("--auth-url <url>", "the token endpoint's host, when not the server's")
        .env("OC_AUTH_URL")
        .argParser(parseHttpUrl("--auth-url")),
    )
    .addOption(new Option("--study <oid>", "the study OID, e.g. S_JUNO(TEST)").env("OC_STUDY"))
    .option("--register", "also create Participate accounts (register=y)", false)
    .option(
      "--concurrency <n>",
      "requests in flight at once",
      parseWholeNumber("--concurrency", 1, 64),
      4,
    )
    .option(
      "--retries <n>",
      "retries after a network error, 429, 502, 503 or 504",
      parseWholeNumber("--retries", 0, 20),
      5,
    )
    .option(
      "--timeout <seconds>",
      "give up on one request after this long",
      parseWholeNumber("--timeout", 1, 600),
      30,
    )
    .option(
      "--resume <report>",
      "continue an interrupted import: send every row not yet created or updated",
    )
    .option("--retry-failed <report>", "send again only the rows that ended failed in that report")
    .option("--sandbox", "import into the built-in sandbox, started for this run only")
    .option(
      "--fixture <file>",
      "the sandbox's studies, users and participants (default: the sample study)",
    );

  addFileOptions(command).action(async (file: string, flags: ImportFlags, self: Command) => {
    io.setExitCode(await importCommand(file, flags, io, self));
  });
}

async function importCommand(
  file: string,
  flags: ImportFlags,
  io: CliIo,
  command: Command,
): Promise<number> {
  const fileOptions = readFileOptions(flags);
  const target = await resolveTarget(flags, io, command);
  const resume = planResume(flags, target.studyOid);
  const reportPath = resume?.reportPath ?? chooseReportPath(file, flags.report, "import");
  const output = createRunOutput(io, {
    command: "import",
    file,
    reportPath,
    append: resume !== undefined,
    json: flags.json === true,
    color: flags.color !== false,
  });

  const stop = new AbortController();
  const signals = onStopSignal({
    first: () => {
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
      register: flags.register === true,
      concurrency: flags.concurrency,
      timeoutMs: flags.timeout * 1000,
      retryPolicy: { retries: flags.retries, baseDelayMs: 500, maxDelayMs: 30_000 },
      signal: stop.signal,
      onStart: (start) => {
        output.onStart(start);
        if (resume === undefined) {
          const state = {
            version: 1 as const,
            inputSha256: start.inputSha256,
            studyOid: target.studyOid,
          };
          writeRunState(reportPath, { ...state, existing: [...start.existing] });
        }
      },
      onLoginWait: (ms) =>
        io.notice(
          `The token endpoint allows 2 logins a minute; waiting ${Math.ceil(ms / 1000)} s as it asks.`,
        ),
      onConcurrency: (limit) =>
        io.verbose(`Concurrency now ${limit} (the server answered 429, or recovered).`),
    });
    finished = true;
    output.finish(summary);
    return exitCodeForStop(summary, signals.received());
  } finally {
    signals.dispose();
    output.close(finished);
    await target.close?.();
  }
}

type Target = Pick<SandboxTarget, "serverUrl" | "studyOid"> & {
  authUrl?: string;
  credentials?: Credentials;
  token?: string;
  close?: () => Promise<void>;
};

async function resolveTarget(flags: ImportFlags, io: CliIo, command: Command): Promise<Target> {
  const { env } = io;
  const credentials =
    env.OC_USERNAME !== undefined && env.OC_PASSWORD !== undefined
      ? { username: env.OC_USERNAME, password: env.OC_PASSWORD }
      : undefined;
  const token = env.OC_TOKEN === "" ? undefined : env.OC_TOKEN;

  if (flags.fixture !== undefined && flags.sandbox !== true) {
    throw usageError("--fixture is for the built-in sandbox: add --sandbox, or drop --fixture.");
  }

  if (flags.sandbox === true) {
    // OC_SERVER is often set for a whole CI job; only a --server typed with --sandbox conflicts.
    if (command.getOptionValueSource("server") === "cli") {
      throw usageError("Give either --sandbox or --server, not both.");
    }
    const study = command.getOptionValueSource("study") === "cli" ? flags.study : undefined;
    const sandbox = await startSandboxTarget({
      fixturePath: flags.fixture,
      studyOid: study,
      credentials,
    });
    io.notice(
      `Sandbox: serving ${sandbox.studyOid} at ${sandbox.serverUrl} as user ${sandbox.credentials.username}`,
    );
    return sandbox;
  }

  if (flags.server === undefined) {
    throw usageError(
      "No server: pass --server (or set OC_SERVER), or try the built-in sandbox with --sandbox.",
    );
  }
  if (flags.study === undefined)
    throw usageError("No study: pass --study <oid> (or set OC_STUDY).");
  if (credentials === undefined && token === undefined) {
    throw usageError("No credentials: set OC_USERNAME and OC_PASSWORD, or OC_TOKEN.");
  }

  return {
    serverUrl: flags.server,
    authUrl: flags.authUrl,
    studyOid: flags.study,
    credentials,
    token,
  };
}

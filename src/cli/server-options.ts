import { type Command, Option } from "commander";
import type { Credentials } from "../client/login.js";
import { usageError } from "../errors.js";
import type { CliIo } from "./io.js";
import { parseHttpUrl, parseWholeNumber } from "./parse-options.js";
import { readPassword } from "./read-secret.js";
import { startSandboxTarget } from "./sandbox-target.js";
import { addTransportOptions, resolveTransport, type TransportFlags } from "./transport-options.js";

/** The flags of every command that talks to a server (`import`, `plan`). */
export interface ServerFlags extends TransportFlags {
  server?: string;
  authUrl?: string;
  study?: string;
  retries: number;
  timeout: number;
  sandbox?: boolean;
  fixture?: string;
  passwordStdin?: boolean;
  passwordFile?: string;
}

/** Where a run goes and as whom; `close` stops a sandbox started for the run. */
export interface Target {
  serverUrl: string;
  studyOid: string;
  authUrl?: string;
  credentials?: Credentials;
  token?: string;
  /** PEM certificates of a private CA (`--ca-file`), trusted besides the default ones. */
  ca?: string;
  allowHttp?: boolean;
  /** Told of each token a login returns, so that it is hidden from the output too. */
  onToken?: (token: string) => void;
  close?: () => Promise<void>;
}

export function addServerOptions(command: Command): Command {
  return addTransportOptions(command)
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
    .option("--password-stdin", "read the password from standard input (with OC_USERNAME)")
    .option("--password-file <file>", "read the password from a file only its owner can read")
    .option("--sandbox", "use the built-in sandbox, started for this run only")
    .option(
      "--fixture <file>",
      "the sandbox's studies, users and participants (default: the sample study)",
    );
}

/**
 * The server, study and credentials of a run. Credentials come only from the environment.
 * With `--sandbox`, a sandbox starts in this process; an `OC_SERVER` set for a whole CI job
 * does not stand in its way, only a `--server` typed beside it.
 */
export async function resolveTarget(
  flags: ServerFlags,
  io: CliIo,
  command: Command,
): Promise<Target> {
  const { env } = io;
  const given = await readPassword({ stdin: flags.passwordStdin, file: flags.passwordFile });
  io.secrets.add(given);
  if (given !== undefined && env.OC_USERNAME === undefined) {
    throw usageError("A password was given but no user: set OC_USERNAME.");
  }
  const username = present(env.OC_USERNAME);
  const password = given ?? present(env.OC_PASSWORD);
  const credentials =
    username !== undefined && password !== undefined ? { username, password } : undefined;
  const token = present(env.OC_TOKEN);
  refuseBlankCredentials(env, credentials !== undefined || token !== undefined);
  const onToken = (fresh: string) => io.secrets.add(fresh);
  io.secrets.add(password);
  io.secrets.add(token);

  if (flags.fixture !== undefined && flags.sandbox !== true) {
    throw usageError("--fixture is for the built-in sandbox: add --sandbox, or drop --fixture.");
  }

  if (flags.sandbox === true) {
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
    return { ...sandbox, onToken };
  }

  if (flags.server === undefined) {
    throw usageError(
      "No server: pass --server (or set OC_SERVER), or try the built-in sandbox with --sandbox.",
    );
  }
  if (flags.study === undefined)
    throw usageError("No study: pass --study <oid> (or set OC_STUDY).");

  // Before any connection, and before the credentials are asked for: a URL holding a password,
  // or plain http:// to another host, is refused or warned about here.
  const urls = [
    { option: optionName(command, "server", "--server", "OC_SERVER"), url: flags.server },
  ];
  if (flags.authUrl !== undefined) {
    urls.push({
      option: optionName(command, "authUrl", "--auth-url", "OC_AUTH_URL"),
      url: flags.authUrl,
    });
  }
  const caOption = optionName(command, "caFile", "--ca-file", "OC_CA_FILE");
  const transport = resolveTransport(flags, urls, io, caOption);

  if (credentials === undefined && token === undefined) {
    throw usageError("No credentials: set OC_USERNAME and OC_PASSWORD, or OC_TOKEN.");
  }

  return {
    serverUrl: flags.server,
    authUrl: flags.authUrl,
    studyOid: flags.study,
    credentials,
    token,
    ...transport,
    onToken,
  };
}

/** A variable's value, or undefined when it is unset, empty or only spaces. */
function present(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value;
}

/**
 * A CI secret that is not defined reaches the job as an empty variable. Sending an empty user
 * or password would only spend one of the ten failed logins that lock the account, so a
 * variable that is set but blank is refused by name, unless other credentials are complete.
 */
function refuseBlankCredentials(env: NodeJS.ProcessEnv, complete: boolean): void {
  if (complete) return;

  const blank = ["OC_USERNAME", "OC_PASSWORD", "OC_TOKEN"].filter(
    (name) => env[name] !== undefined && present(env[name]) === undefined,
  );
  if (blank.length > 0) {
    throw usageError(
      `${blank.join(" and ")} ${blank.length === 1 ? "is" : "are"} set but empty. Nothing was sent. If it comes from a CI secret, check that the secret exists and is passed to this job.`,
    );
  }
}

/** How a message names an option: by the environment variable when that is where it came from. */
function optionName(command: Command, key: string, flag: string, variable: string): string {
  const source = command.getOptionValueSource(key);
  if (source === "env") return variable;
  if (source === "config") return `${flag} (from the config file)`;
  return flag;
}

export function loginWaitNotice(io: CliIo) {
  return (ms: number) =>
    io.notice(
      `The token endpoint allows 2 logins a minute; waiting ${Math.ceil(ms / 1000)} s as it asks.`,
    );
}

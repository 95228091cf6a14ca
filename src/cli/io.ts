import { debuglog } from "node:util";
import { createRedactor, type Redactor } from "./redact.js";

const debug = debuglog("oc-participants");

/** What a command may do to the outside world; tests pass their own. */
export interface CliIo {
  stdout(text: string): void;
  /** A one-line notice for a person, on stderr. */
  notice(text: string): void;
  /** A notice that matters even with --quiet (what will be created, what is ignored). */
  warn(text: string): void;
  /** A detail shown only with --verbose or NODE_DEBUG=oc-participants. */
  verbose(text: string): void;
  stdoutStream: NodeJS.WriteStream;
  stderrStream: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
  /** The run's secrets: whatever goes through this io has them replaced by `[redacted]`. */
  secrets: Redactor;
  setExitCode(code: number): void;
}

/**
 * The real terminal. Every line passes through the redactor, which knows the secrets of the
 * environment from the start and is told of the others (stdin, a file, a login's token) as
 * they are read, so that no error message, however it was built, can print one.
 */
export function processIo(): CliIo {
  const secrets = createRedactor();
  secrets.add(process.env.OC_PASSWORD);
  secrets.add(process.env.OC_TOKEN);

  return {
    stdout: (text) => process.stdout.write(secrets.redact(text)),
    notice: (text) => process.stderr.write(`${secrets.redact(text)}\n`),
    warn: (text) => process.stderr.write(`${secrets.redact(text)}\n`),
    verbose: (text) => debug("%s", secrets.redact(text)),
    stdoutStream: process.stdout,
    stderrStream: process.stderr,
    env: process.env,
    secrets,
    setExitCode: (code) => {
      process.exitCode = code;
    },
  };
}

/** `--quiet` silences notices (errors and the summary still print); `--verbose` shows details. */
export function withVerbosity(io: CliIo, flags: { quiet?: boolean; verbose?: boolean }): CliIo {
  return {
    ...io,
    notice: flags.quiet === true ? () => {} : io.notice,
    verbose: flags.verbose === true ? io.notice : io.verbose,
  };
}

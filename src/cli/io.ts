import { debuglog } from "node:util";

const debug = debuglog("oc-participants");

/** What a command may do to the outside world; tests pass their own. */
export interface CliIo {
  stdout(text: string): void;
  /** A one-line notice for a person, on stderr. */
  notice(text: string): void;
  /** A notice that matters even with --quiet (what will be created, what is ignored). */
  warn(text: string): void;
  /** A detail shown only with NODE_DEBUG=oc-participants (until --verbose exists). */
  verbose(text: string): void;
  stdoutStream: NodeJS.WriteStream;
  stderrStream: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
  setExitCode(code: number): void;
}

export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    notice: (text) => process.stderr.write(`${text}\n`),
    warn: (text) => process.stderr.write(`${text}\n`),
    verbose: (text) => debug(text),
    stdoutStream: process.stdout,
    stderrStream: process.stderr,
    env: process.env,
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

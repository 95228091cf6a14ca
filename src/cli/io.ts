import { debuglog } from "node:util";
import { createRedactor, type Redactor } from "./redact.js";

const debug = debuglog("oc-participants");

/**
 * What Node reports once the reader of a pipe has gone (`| head` after its lines): EPIPE for the
 * write that found the pipe closed, ERR_STREAM_DESTROYED for any write after it.
 */
const closedReaderCodes = new Set(["EPIPE", "ERR_STREAM_DESTROYED"]);

/** The streams already watched, so that a second `processIo()` adds no second listener. */
const watched = new WeakSet<NodeJS.WriteStream>();

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
  const stdout = openOutput(process.stdout);
  const stderr = openOutput(process.stderr);

  return {
    stdout: (text) => stdout(secrets.redact(text)),
    notice: (text) => stderr(`${secrets.redact(text)}\n`),
    warn: (text) => stderr(`${secrets.redact(text)}\n`),
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

/**
 * Writes to `stream` until its reader goes away, then drops what follows. A reader that closes
 * the pipe early has seen what it wanted; that is no failure of the run, which goes on to the
 * end, writes its report in full and exits with its own code. Any other error of the stream is
 * still thrown, to be reported as a bug.
 */
function openOutput(stream: NodeJS.WriteStream): (text: string) => void {
  if (!watched.has(stream)) {
    watched.add(stream);
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (!closedReaderCodes.has(error.code ?? "")) throw error;
    });
  }

  return (text) => {
    if (stream.writable) stream.write(text);
  };
}

import type { CliIo } from "./io.js";
import type { Redactor } from "./redact.js";

/** The exit code of a bug (sysexits.h EX_SOFTWARE). */
export const bugExitCode = 70;

/** Longer messages are cut: a library's message may quote a whole request. */
const longestReason = 200;

/**
 * Reports an error that is not one of the tool's own in one line. A library's message may
 * quote the request it failed on, headers and all, so only its first line is kept, and it
 * goes out through the redactor like everything else; the stack trace, redacted too, only
 * with NODE_DEBUG=oc-participants.
 */
export function reportBug(error: unknown, io: CliIo): void {
  io.notice(
    `Unexpected error: ${describeBug(error, io.secrets)}. This is a bug; please report it with the command you ran.`,
  );
  if (process.env.NODE_DEBUG?.includes("oc-participants") && error instanceof Error) {
    io.notice(error.stack ?? "");
  }
}

/**
 * The error's name and the first line of its message, short. Redacted before it is cut, so
 * that the cut cannot leave part of a secret the redactor would no longer recognise.
 */
export function describeBug(error: unknown, secrets: Redactor): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const [first = ""] = secrets.redact(text).split(/\r?\n/, 1);
  return first.length > longestReason ? `${first.slice(0, longestReason)}…` : first;
}

/**
 * An exception nobody caught, or a promise nobody awaited, is reported like any other bug
 * rather than by Node, which prints the error whole, with whatever it holds.
 */
export function reportCrashes(io: CliIo): void {
  const crash = (error: unknown) => {
    reportBug(error, io);
    process.exit(bugExitCode);
  };

  process.on("uncaughtException", crash);
  process.on("unhandledRejection", crash);
}

import { readFileSync, type Stats, statSync } from "node:fs";
import { text } from "node:stream/consumers";
import { usageError } from "../errors.js";

/**
 * A password from stdin (`--password-stdin`, as `docker login` takes it) or from a file that
 * only its owner can read (`--password-file`). One trailing line break is not part of it.
 */
export async function readPassword(options: {
  stdin?: boolean;
  file?: string;
}): Promise<string | undefined> {
  if (options.stdin === true && options.file !== undefined) {
    throw usageError("Give --password-stdin or --password-file, not both.");
  }

  if (options.stdin === true) {
    if (process.stdin.isTTY === true) {
      throw usageError(
        '--password-stdin reads a piped password, e.g. printf %s "$PW" | oc-participants ...',
      );
    }
    return withoutLineBreak(await text(process.stdin));
  }

  if (options.file !== undefined) {
    let stats: Stats;
    try {
      stats = statSync(options.file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? "unknown error";
      throw usageError(
        `Cannot read --password-file ${options.file} (${code}). Check the path: the file holds the password alone.`,
        error,
      );
    }
    if (!stats.isFile()) {
      throw usageError(
        `--password-file ${options.file} is not a file. Give a file that holds only the password.`,
      );
    }
    if (stats.size > longestPasswordFile) {
      throw usageError(
        `--password-file ${options.file} is ${stats.size} bytes: a password file holds the password alone, on one line.`,
      );
    }
    const mode = stats.mode;
    if ((mode & 0o077) !== 0) {
      throw usageError(
        `--password-file ${options.file} can be read by other users. Run: chmod 600 ${options.file}`,
      );
    }
    return withoutLineBreak(readFileSync(options.file, "utf8"));
  }

  return undefined;
}

/** Far above any real password, far below what would be a mistake (the wrong file). */
const longestPasswordFile = 4096;

function withoutLineBreak(value: string): string {
  const password = value.replace(/\r?\n$/, "");
  if (password.trim() === "") throw usageError("The password given is empty.");
  if (/[\r\n]/.test(password)) {
    throw usageError(
      "The password given holds more than one line. Give the password alone, on one line.",
    );
  }
  return password;
}

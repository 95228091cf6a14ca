/**
 * The few reasons a whole run cannot continue. Each has a stable code that the command line
 * turns into an exit code, and a message that says what to do next. A problem with one row is
 * never an exception: it is a finding or an outcome (see `validate/` and `import/`).
 */
export type FatalCode = "usage" | "input" | "login" | "unreachable" | "refused";

export class FatalError extends Error {
  readonly code: FatalCode;

  constructor(code: FatalCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "FatalError";
    this.code = code;
  }
}

/** Bad flags, a bad config value or a bad fixture: the user must change the command. */
export function usageError(message: string, cause?: unknown): FatalError {
  return new FatalError("usage", message, { cause });
}

/** The input file cannot be read or lacks what every row needs (a participant ID column). */
export function inputError(message: string, cause?: unknown): FatalError {
  return new FatalError("input", message, { cause });
}

/** The token endpoint refused the username or password. Never retried: ten failures lock the account. */
export function loginError(message: string, cause?: unknown): FatalError {
  return new FatalError("login", message, { cause });
}

/** The server could not be reached, or stopped answering, within the retry budget. */
export function unreachableError(message: string, cause?: unknown): FatalError {
  return new FatalError("unreachable", message, { cause });
}

/** The server would refuse every row of a study or site (pre-flight): nothing was sent. */
export function refusedError(message: string, cause?: unknown): FatalError {
  return new FatalError("refused", message, { cause });
}

/** A 401 that a fresh login did not cure, or that came with a token that cannot be renewed. */
export function tokenRefusedError(): FatalError {
  return loginError(
    "The server refused the token (HTTP 401). Check OC_TOKEN, or set OC_USERNAME and OC_PASSWORD instead.",
  );
}

import { isLocalCode } from "../contract/codes.js";
import { safeText } from "../safe-text.js";

/**
 * Reads the errorCode from a 400 answer. Current servers send `{"message":"errorCode.x"}`;
 * 2018 servers sent `{"message":["errorCode.x"]}` (contract section 1, Failure). Anything
 * else (HTML, truncated JSON) has no code: a client must never assume JSON on a non-200.
 * A code is a word of letters, digits, `_`, `.` and `-` only, so that it can key a report
 * column and be printed as it is; and never a `local.` one, which only this tool may give.
 */
export function readErrorCode(text: string): string | null {
  const first = readMessage(text);
  return typeof first === "string" && isCodeShaped(first) ? first : null;
}

/**
 * The server's message when it is not a code (a sentence, a stack trace), made safe to print
 * and cut short; null when there is none.
 */
export function readErrorMessage(text: string, maxLength = 160): string | null {
  const first = readMessage(text);
  if (typeof first !== "string" || isCodeShaped(first)) return null;

  const message = safeText(first, maxLength);
  return message === "" ? null : message;
}

function isCodeShaped(text: string): boolean {
  return /^[\w.-]{1,120}$/.test(text) && !isLocalCode(text);
}

function readMessage(text: string): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }

  if (typeof parsed !== "object" || parsed === null) return undefined;

  const message = (parsed as { message?: unknown }).message;
  return Array.isArray(message) ? message[0] : message;
}

/**
 * Reads the errorCode from a 400 answer. Current servers send `{"message":"errorCode.x"}`;
 * 2018 servers sent `{"message":["errorCode.x"]}` (contract section 1, Failure). Anything
 * else (HTML, truncated JSON) has no code: a client must never assume JSON on a non-200.
 */
export function readErrorCode(text: string): string | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }

  if (typeof parsed !== "object" || parsed === null) return null;

  const message = (parsed as { message?: unknown }).message;
  const first = Array.isArray(message) ? message[0] : message;
  return typeof first === "string" && /^[\w.-]{1,120}$/.test(first) ? first : null;
}

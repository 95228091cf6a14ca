import { htmlReply, type Reply } from "../http/reply.js";
import type { BurstSettings } from "./settings.js";

export type AnsweredFault = "503" | "500" | "429";

/**
 * The answer to a request refused by an injected fault. Like a real server's gateway or
 * container, it is an HTML page, not JSON (contract section 1, "Failure"), so a client that
 * assumes JSON on a non-200 answer fails its tests.
 */
export function faultReply(
  fault: AnsweredFault,
  burst: BurstSettings | undefined,
  now: number,
): Reply {
  if (fault === "503") {
    return htmlReply(503, "The service is temporarily unavailable. Try again later.");
  }

  if (fault === "500") {
    return htmlReply(500, "The server met an unexpected error.");
  }

  return htmlReply(429, "Too many requests. Wait and try again.", {
    "retry-after": formatRetryAfter(burst, now),
  });
}

export function isAnsweredFault(fault: string | undefined): fault is AnsweredFault {
  return fault === "503" || fault === "500" || fault === "429";
}

/**
 * RFC 9110 section 10.2.3 allows Retry-After as seconds or as an HTTP-date. The date is rounded
 * up to the next whole second, because the format has no fractions and a client that waits
 * until it must not come back early.
 */
function formatRetryAfter(burst: BurstSettings | undefined, now: number): string {
  const seconds = burst?.retryAfterSeconds ?? 1;

  if (burst?.retryAfterAsDate !== true) {
    return String(seconds);
  }

  const at = Math.ceil(now / 1000) * 1000 + seconds * 1000;
  return new Date(at).toUTCString();
}

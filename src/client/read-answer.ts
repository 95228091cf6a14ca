import { safeText } from "../safe-text.js";
import type { HttpAnswer } from "./http.js";

/** An answer's body read as JSON, or a short reason why it is not JSON. */
export type JsonAnswer =
  | { kind: "json"; value: unknown }
  | { kind: "not-json"; reason: string; html: boolean };

/**
 * Reads an answer's body as JSON. The reason says what came instead in a few words, never with
 * the body itself: a proxy's login page or a gateway's error page is HTML (contract section 1:
 * "a client must never assume JSON on a non-200 answer"), and a cut-off answer is not JSON.
 * An answer that says it is something other than JSON is not read as JSON, even if it parses.
 */
export function readJsonAnswer(answer: HttpAnswer): JsonAnswer {
  const { status, text } = answer;
  const type = mediaType(answer.headers["content-type"]);
  const notJson = (what: string) => ({
    kind: "not-json" as const,
    reason: `the server answered ${what}, not JSON (HTTP ${status})`,
    html: what === "HTML",
  });

  if (status >= 300 && status < 400) {
    // Redirects are never followed: the password and token must go only where they were sent.
    const location = answer.headers.location;
    const to = safeText(Array.isArray(location) ? location[0] : location, 120);
    return {
      kind: "not-json",
      reason: `the server redirected (HTTP ${status})${to === "" ? "" : ` to ${to}`}; check --server and --auth-url, which must be the final https:// addresses`,
      html: false,
    };
  }
  if (type.includes("html") || /^\s*</.test(text)) return notJson("HTML");
  if (type !== "" && !isJsonType(type)) return notJson(safeText(type, 60));
  if (text.trim() === "") return notJson("nothing");

  try {
    return { kind: "json", value: JSON.parse(text) };
  } catch {
    return {
      kind: "not-json",
      reason: `the server's answer is cut off or not valid JSON (HTTP ${status})`,
      html: false,
    };
  }
}

/** `application/json`, `application/problem+json` and the like, without parameters. */
function isJsonType(type: string): boolean {
  return type === "application/json" || /^application\/[\w.-]+\+json$/.test(type);
}

function mediaType(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return (value ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
}

import { readErrorMessage } from "./error-body.js";
import type { HttpAnswer } from "./http.js";
import { readJsonAnswer } from "./read-answer.js";
import { isRetryableStatus } from "./retry.js";

/**
 * A short reason for an answer that is neither the expected 200 nor a 400 with an errorCode:
 * what the status means for this API, what came instead of JSON (an HTML page from a proxy,
 * say), and the server's own message when it sent one, made safe and cut short. Never the
 * body itself.
 */
export function describeAnswer(answer: HttpAnswer): string {
  const { status } = answer;
  const message = readErrorMessage(answer.text);
  const said = message === null ? "" : `; the server said: "${message}"`;

  const known = describeStatus(status);
  if (known !== undefined) return `${known}${said}`;

  // A busy or failing gateway is named by its status alone, unless a page came instead of JSON.
  const body = readJsonAnswer(answer);
  if (body.kind === "not-json" && (body.html || !isRetryableStatus(status))) return body.reason;
  if (isRetryableStatus(status)) return `HTTP ${status}${said}`;
  return `HTTP ${status} without an errorCode${said}`;
}

function describeStatus(status: number): string | undefined {
  if (status === 429) return "HTTP 429: the server still asked to slow down after the retries";
  if (status === 401) return "HTTP 401: the token was refused, even after a fresh login";
  if (status === 403) return "HTTP 403: the server refused access";
  if (status === 404) return "HTTP 404: no such endpoint; check --server (the study's runtime URL)";
  if (status === 500) return "HTTP 500: the server failed while handling the request";
  return undefined;
}

import { tokenPath } from "../contract/paths.js";
import { loginError, unreachableError } from "../errors.js";
import { describeAnswer } from "./describe-answer.js";
import { type HttpClient, TransportError } from "./http.js";
import { isRetryableStatus, parseRetryAfter, type RetryPolicy, retryDelayMs } from "./retry.js";
import { looksLikeJwt, unwrapToken } from "./token.js";

export interface Credentials {
  username: string;
  password: string;
}

export interface LoginOptions {
  http: HttpClient;
  /** Where the token endpoint lives; often another host than the API (contract section 2). */
  authUrl: string;
  credentials: Credentials;
  policy: RetryPolicy;
  sleep?: (ms: number) => Promise<void>;
  /** Told how long the token endpoint asked to wait, before waiting. */
  onWait?: (ms: number) => void;
}

/**
 * Asks the token endpoint for a JWT. A refused password stops at once and is never tried
 * again: ten failed logins lock the account (contract section 2). A 429 (two logins a minute
 * per address) waits as `Retry-After` says. A network failure is tried again only when the
 * login certainly never reached the server (connection refused, host not found): a login that
 * timed out or was cut off may have been checked, and repeating it could spend the account's
 * failed logins and the token endpoint's two calls a minute.
 */
export async function login(options: LoginOptions): Promise<string> {
  const { http, credentials, policy } = options;
  const sleep = options.sleep ?? delay;
  const url = joinUrl(options.authUrl, tokenPath);
  let lastReason = "";

  for (let attempt = 1; attempt <= policy.retries + 1; attempt++) {
    try {
      const answer = await http.send({
        method: "POST",
        url,
        headers: { "content-type": "application/json", accept: "text/plain, application/json" },
        body: JSON.stringify({ username: credentials.username, password: credentials.password }),
      });

      if (answer.status === 200) return checkedToken(answer.text, url);

      if (answer.status === 400 || answer.status === 401 || answer.status === 403) {
        throw loginError(
          `The server refused the login for user "${credentials.username}" (HTTP ${answer.status}). Check OC_USERNAME and OC_PASSWORD. The tool does not retry a refused login, because ten failures lock the account.`,
        );
      }

      if (!isRetryableStatus(answer.status)) {
        throw unreachableError(
          `The token endpoint ${url} answered HTTP ${answer.status}. Check --auth-url (or OC_AUTH_URL).`,
        );
      }

      lastReason = describeAnswer(answer);
      // No try follows the last one, so its Retry-After is not waited out.
      if (attempt > policy.retries) break;

      const wait = retryDelayMs(attempt, policy, parseRetryAfter(answer.headers["retry-after"]));
      if (answer.status === 429) options.onWait?.(wait);
      await sleep(wait);
    } catch (error) {
      if (!(error instanceof TransportError)) throw error;
      lastReason = error.reason;

      // A certificate that cannot be verified, or an answer too large to read, is the same on
      // every try: say so at once rather than wait out the retries.
      if (error.permanent) throw unreachableError(`Cannot log in at ${url}: ${error.reason}.`);
      if (error.status !== null) {
        throw unreachableError(
          `Cannot log in at ${url}: ${error.reason}. Check --auth-url (or OC_AUTH_URL).`,
        );
      }
      if (!error.unsent) throw unansweredLoginError(url, error.reason);

      if (attempt <= policy.retries) await sleep(retryDelayMs(attempt, policy));
    }
  }

  throw unreachableError(
    `Cannot log in at ${url}: ${lastReason} after ${policy.retries + 1} ${policy.retries === 0 ? "attempt" : "attempts"}. Check --auth-url (or OC_AUTH_URL) and the network.`,
  );
}

/**
 * Appends an absolute API path to a base URL that may itself have a path
 * (`https://acme.openclinica.io/OpenClinica`), which `new URL(path, base)` would drop.
 */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, "")}${path}`;
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function unansweredLoginError(url: string, reason: string) {
  return unreachableError(
    `Cannot log in at ${url}: ${reason}. The login may have reached the server, so it was not sent again: ten failed logins lock the account, and the token endpoint takes two a minute. Check --auth-url (or OC_AUTH_URL) and the network before running again, and do not rerun in a loop.`,
  );
}

function checkedToken(text: string, url: string): string {
  const token = unwrapToken(text);
  if (!looksLikeJwt(token)) {
    throw unreachableError(
      `The token endpoint ${url} answered 200 but not with a token. Check --auth-url (or OC_AUTH_URL): it should be the host that serves /user-service/api/oauth/token.`,
    );
  }
  return token;
}

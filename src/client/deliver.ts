import { type FatalCode, FatalError } from "../errors.js";
import { describeAnswer } from "./describe-answer.js";
import { type HttpAnswer, type HttpClient, type HttpRequest, TransportError } from "./http.js";
import { isRetryableStatus, parseRetryAfter, type RetryPolicy, retryDelayMs } from "./retry.js";
import type { Session } from "./session.js";

/** What came of sending one request, after every retry the policy allows. */
export type Delivery =
  | { kind: "answer"; answer: HttpAnswer; attempts: number }
  | {
      kind: "gave-up";
      reason: string;
      status: number | null;
      attempts: number;
      /** Set when the run cannot go on: the login is lost, or the server is unreachable. */
      fatal?: FatalCode;
    };

export interface DeliverOptions {
  http: HttpClient;
  session: Session;
  policy: RetryPolicy;
  sleep: (ms: number) => Promise<void>;
  /** Told of each retry, so the caller can count them or slow down. */
  onRetry?: (event: { status: number | null; reason: string; attempt: number }) => void;
}

/**
 * Sends one request with the session's token, retrying what is worth retrying (see
 * `retry.ts`). A 401 gets one fresh login and one more try: the server does not check `exp`,
 * so a 401 means the token is gone, not that the user lacks rights (contract section 2).
 */
export async function deliver(request: HttpRequest, options: DeliverOptions): Promise<Delivery> {
  const { http, session, policy } = options;
  let renewed = false;
  let attempts = 0;

  for (;;) {
    attempts++;
    const outOfRetries = attempts > policy.retries;
    let status: number | null = null;
    let reason: string;
    let retryAfterMs: number | undefined;

    try {
      const authorization = await session.authorization();
      const answer = await http.send({
        method: request.method,
        url: request.url,
        headers: withAuthorization(request.headers, authorization),
        body: request.body,
        maxAnswerBytes: request.maxAnswerBytes,
      });

      if (answer.status === 401 && !renewed) {
        renewed = true;
        if (await session.renew(authorization)) continue;
      }

      if (answer.status === 401) {
        return {
          kind: "gave-up",
          reason: "HTTP 401 after a fresh login",
          status: 401,
          attempts,
          fatal: "login",
        };
      }

      if (!isRetryableStatus(answer.status)) return { kind: "answer", answer, attempts };

      status = answer.status;
      reason = describeAnswer(answer);
      retryAfterMs = parseRetryAfter(answer.headers["retry-after"]);
    } catch (error) {
      // A renewal that fails (password refused, token endpoint gone) ends this request and
      // tells the caller that the run cannot go on; it is not a reason to throw mid-run.
      if (error instanceof FatalError) {
        return {
          kind: "gave-up",
          reason: error.message,
          status: null,
          attempts,
          fatal: error.code,
        };
      }
      if (!(error instanceof TransportError)) throw error;
      reason = error.reason;

      // An answer too large to read would be as large again; a certificate that cannot be
      // verified fails every time. Neither is worth another try.
      if (error.status !== null) return { kind: "gave-up", reason, status: error.status, attempts };
      if (error.permanent) {
        return { kind: "gave-up", reason, status: null, attempts, fatal: "unreachable" };
      }
    }

    if (outOfRetries) {
      const fatal = status === null ? "unreachable" : undefined;
      return { kind: "gave-up", reason, status, attempts, fatal };
    }

    options.onRetry?.({ status, reason, attempt: attempts });
    await options.sleep(retryDelayMs(attempts, policy, retryAfterMs));
  }
}

interface AuthorizedHeaders {
  authorization: string;
  headers: Record<string, string>;
}

/**
 * Each request's headers with the token added. Callers pass the same header object for every
 * request of a kind, so this is built once per token instead of once per request.
 */
const authorized = new WeakMap<Record<string, string>, AuthorizedHeaders>();

function withAuthorization(
  headers: Record<string, string> = {},
  authorization: string,
): Record<string, string> {
  const known = authorized.get(headers);
  if (known?.authorization === authorization) return known.headers;

  const merged = { ...headers, authorization };
  authorized.set(headers, { authorization, headers: merged });
  return merged;
}

import type { Credentials } from "./login.js";
import { readExpiry } from "./token.js";

export interface Session {
  /** The `Authorization` header value, renewing the token first when it is about to expire. */
  authorization(): Promise<string>;
  /**
   * Gets a new token after a 401 of a request sent with `rejected` (its `Authorization` value);
   * false when there is no password to log in again with. When another request has already
   * renewed the token since, that token is used and no new login is made.
   */
  renew(rejected: string): Promise<boolean>;
}

export interface SessionOptions {
  /** A token given by the user (`OC_TOKEN`): used as is and never renewed. */
  token?: string;
  credentials?: Credentials;
  fetchToken: (credentials: Credentials) => Promise<string>;
  now?: () => number;
}

/**
 * Renew this long before `exp`, so that no request is sent with a token about to lapse; for a
 * token that lives less than twice as long, once half of its life is gone instead, so that a
 * short-lived token is not renewed before every request.
 */
const renewMarginMs = 5 * 60 * 1000;

/**
 * One login per run (contract section 2: tokens last four hours), shared by every request.
 * Concurrent callers that find the token stale wait for the same single renewal.
 */
export function createSession(options: SessionOptions): Session {
  const now = options.now ?? Date.now;
  let token = options.token;
  let renewAt = token === undefined ? 0 : renewalTime(token, now());
  let pending: Promise<string> | undefined;

  const refresh = (): Promise<string> => {
    const { credentials } = options;
    if (credentials === undefined) return Promise.reject(new Error("no credentials to renew with"));

    pending ??= options.fetchToken(credentials).then(
      (fresh) => {
        token = fresh;
        renewAt = renewalTime(fresh, now());
        pending = undefined;
        return fresh;
      },
      (error: unknown) => {
        pending = undefined;
        throw error;
      },
    );
    return pending;
  };

  const isStale = (): boolean => options.credentials !== undefined && now() >= renewAt;

  return {
    async authorization() {
      const current = token === undefined || isStale() ? await refresh() : token;
      return `Bearer ${current}`;
    },

    async renew(rejected) {
      if (options.credentials === undefined) return false;
      // Requests in flight together meet the same 401; the first one's login serves them all.
      if (token !== undefined && rejected !== `Bearer ${token}`) return true;
      await refresh();
      return true;
    },
  };
}

/** When to renew a token received at `receivedAt`: never, when it does not say when it expires. */
function renewalTime(token: string, receivedAt: number): number {
  const expiry = readExpiry(token);
  if (expiry === undefined) return Number.POSITIVE_INFINITY;
  return expiry - Math.min(renewMarginMs, (expiry - receivedAt) / 2);
}

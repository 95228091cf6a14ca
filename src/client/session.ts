import type { Credentials } from "./login.js";
import { readExpiry } from "./token.js";

export interface Session {
  /** The `Authorization` header value, renewing the token first when it is about to expire. */
  authorization(): Promise<string>;
  /** Gets a new token after a 401; false when there is no password to log in again with. */
  renew(): Promise<boolean>;
}

export interface SessionOptions {
  /** A token given by the user (`OC_TOKEN`): used as is and never renewed. */
  token?: string;
  credentials?: Credentials;
  fetchToken: (credentials: Credentials) => Promise<string>;
  now?: () => number;
}

/** Renew this long before `exp`, so that no request is sent with a token about to lapse. */
const renewMarginMs = 5 * 60 * 1000;

/**
 * One login per run (contract section 2: tokens last four hours), shared by every request.
 * Concurrent callers that find the token stale wait for the same single renewal.
 */
export function createSession(options: SessionOptions): Session {
  const now = options.now ?? Date.now;
  let token = options.token;
  let pending: Promise<string> | undefined;

  const refresh = (): Promise<string> => {
    const { credentials } = options;
    if (credentials === undefined) return Promise.reject(new Error("no credentials to renew with"));

    pending ??= options.fetchToken(credentials).then(
      (fresh) => {
        token = fresh;
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

  const isStale = (current: string): boolean => {
    if (options.credentials === undefined) return false;
    const expiry = readExpiry(current);
    return expiry !== undefined && expiry - now() < renewMarginMs;
  };

  return {
    async authorization() {
      const current = token === undefined || isStale(token) ? await refresh() : token;
      return `Bearer ${current}`;
    },

    async renew() {
      if (options.credentials === undefined) return false;
      await refresh();
      return true;
    },
  };
}

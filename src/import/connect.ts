import { createParticipantApi, type ParticipantApi } from "../client/api.js";
import { createHttpClient } from "../client/http.js";
import { type Credentials, delay, login } from "../client/login.js";
import { defaultRetryPolicy, type RetryPolicy } from "../client/retry.js";
import { createSession } from "../client/session.js";
import { usageError } from "../errors.js";

export interface ConnectOptions {
  serverUrl: string;
  authUrl?: string;
  credentials?: Credentials;
  token?: string;
  concurrency: number;
  timeoutMs?: number;
  retryPolicy?: RetryPolicy;
  sleep?: (ms: number) => Promise<void>;
  onLoginWait?: (ms: number) => void;
  /** Told of every retry, so the caller can slow down on 429. */
  onRetry?: (event: { status: number | null }) => void;
}

export interface Connection {
  api: ParticipantApi;
  close(): Promise<void>;
}

/** Logs in once (or takes the given token) and returns the API, ready for the run. */
export async function connect(options: ConnectOptions): Promise<Connection> {
  const { credentials, token } = options;
  if (credentials === undefined && token === undefined) {
    throw usageError("No credentials: set OC_USERNAME and OC_PASSWORD, or OC_TOKEN.");
  }

  const policy = options.retryPolicy ?? defaultRetryPolicy;
  const sleep = options.sleep ?? delay;
  const http = createHttpClient({
    timeoutMs: options.timeoutMs ?? 30_000,
    connections: options.concurrency,
  });

  try {
    const authUrl = options.authUrl ?? options.serverUrl;
    const fetchToken = (given: Credentials) =>
      login({ http, authUrl, credentials: given, policy, sleep, onWait: options.onLoginWait });
    const session = createSession({ token, credentials, fetchToken });
    await session.authorization();

    const api = createParticipantApi({
      http,
      session,
      policy,
      sleep,
      serverUrl: options.serverUrl,
      onRetry: options.onRetry,
    });
    return { api, close: () => http.close() };
  } catch (error) {
    await http.close();
    throw error;
  }
}

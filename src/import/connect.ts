import { createParticipantApi, type ParticipantApi } from "../client/api.js";
import { createHttpClient } from "../client/http.js";
import { type Credentials, delay, login } from "../client/login.js";
import { defaultRetryPolicy, type RetryPolicy } from "../client/retry.js";
import { createSession } from "../client/session.js";
import { checkTransport } from "../client/transport-rules.js";
import { usageError } from "../errors.js";
import type { RowOutcome } from "./outcome.js";

export interface ConnectOptions {
  serverUrl: string;
  authUrl?: string;
  credentials?: Credentials;
  token?: string;
  /** PEM certificates of a private CA, trusted besides the default ones. */
  ca?: string;
  /** Lets plain http:// reach a host other than this machine (see `transport-rules.ts`). */
  allowHttp?: boolean;
  concurrency: number;
  timeoutMs?: number;
  retryPolicy?: RetryPolicy;
  sleep?: (ms: number) => Promise<void>;
  onLoginWait?: (ms: number) => void;
  /** Told of each token a login returns (the CLI hides it from everything it prints). */
  onToken?: (token: string) => void;
  /** Told of every retry, so the caller can slow down on 429. */
  onRetry?: (event: { status: number | null }) => void;
}

/** What a run against a server needs besides its file: where, which study, and as whom. */
export interface ServerRunOptions {
  file: string;
  /** The study's runtime URL (contract section 1, `serverName`). */
  serverUrl: string;
  /** Where the token endpoint lives, when not on the server's host. */
  authUrl?: string;
  studyOid: string;
  register?: boolean;
  /** Either a username and password, or a token the user already has (`OC_TOKEN`). */
  credentials?: Credentials;
  token?: string;
  /** PEM certificates of a private CA, trusted besides the default ones. */
  ca?: string;
  /** Lets plain http:// reach a host other than this machine (see `transport-rules.ts`). */
  allowHttp?: boolean;
  timeoutMs?: number;
  retryPolicy?: RetryPolicy;
  onOutcome?: (outcome: RowOutcome) => void;
  /** Told when the token endpoint asks to wait (two logins a minute, contract section 2). */
  onLoginWait?: (ms: number) => void;
  /** Told of each token a login returns (the CLI hides it from everything it prints). */
  onToken?: (token: string) => void;
}

export interface Connection {
  api: ParticipantApi;
  close(): Promise<void>;
}

/**
 * Before the first row, an import sends its study listings and pre-flight POSTs at once (two
 * or three requests per site). With no more connections than the run's concurrency they
 * would queue, and at a concurrency of 1 go one round trip at a time. Rows never use more
 * than the concurrency: the pool, not the agent, bounds them.
 */
const setupConnections = 8;

/** Logs in once (or takes the given token) and returns the API, ready for the run. */
export async function connect(options: ConnectOptions): Promise<Connection> {
  const { credentials, token } = options;
  if (credentials === undefined && token === undefined) {
    throw usageError("No credentials: set OC_USERNAME and OC_PASSWORD, or OC_TOKEN.");
  }

  const authUrl = options.authUrl ?? options.serverUrl;
  checkTransport(
    [
      { option: "--server", url: options.serverUrl },
      { option: "--auth-url", url: authUrl },
    ],
    options.allowHttp === true,
  );

  const policy = options.retryPolicy ?? defaultRetryPolicy;
  const sleep = options.sleep ?? delay;
  const http = createHttpClient({
    timeoutMs: options.timeoutMs ?? 30_000,
    connections: Math.max(options.concurrency, setupConnections),
    ca: options.ca,
  });

  try {
    const fetchToken = async (given: Credentials) => {
      const fresh = await login({
        http,
        authUrl,
        credentials: given,
        policy,
        sleep,
        onWait: options.onLoginWait,
      });
      options.onToken?.(fresh);
      return fresh;
    };
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

import { Agent, errors, request } from "undici";

export interface HttpRequest {
  method: "GET" | "POST";
  url: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

export interface HttpOptions {
  /** Whole-request limit: connect, send, wait and read. */
  timeoutMs: number;
  /** Connections per server; the import keeps this equal to its concurrency. */
  connections: number;
  /** Answers larger than this are cut off and treated as a transport failure. */
  maxAnswerBytes?: number;
}

export interface HttpClient {
  send(request: HttpRequest): Promise<HttpAnswer>;
  close(): Promise<void>;
}

/**
 * A network failure that carries only what is safe to print: a short reason and a code.
 * Library errors are not passed on as they are, because some carry the request's headers.
 */
export class TransportError extends Error {
  readonly reason: string;

  constructor(reason: string) {
    super(reason);
    this.name = "TransportError";
    this.reason = reason;
  }
}

export function createHttpClient(options: HttpOptions): HttpClient {
  // undici itself cuts off an answer past `maxResponseSize`, as it reads it.
  const agent = new Agent({
    connections: options.connections,
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
    connectTimeout: Math.min(options.timeoutMs, 30_000),
    maxResponseSize: options.maxAnswerBytes ?? 16 * 1024 * 1024,
  });

  return {
    async send(req) {
      try {
        const answer = await request(req.url, {
          method: req.method,
          headers: req.headers,
          body: req.body,
          dispatcher: agent,
          signal: AbortSignal.timeout(options.timeoutMs),
        });
        const text = await answer.body.text();
        return { status: answer.statusCode, headers: answer.headers, text };
      } catch (error) {
        throw new TransportError(describeTransportError(error, options.timeoutMs));
      }
    },

    close: () => agent.close(),
  };
}

function describeTransportError(error: unknown, timeoutMs: number): string {
  if (error instanceof TransportError) return error.reason;

  const code = (error as { code?: unknown }).code;
  const name = (error as { name?: unknown }).name;

  if (name === "TimeoutError" || name === "AbortError") return `no answer within ${timeoutMs} ms`;
  if (error instanceof errors.ResponseExceededMaxSizeError) return "the answer was too large";

  const known: Record<string, string> = {
    ECONNREFUSED: "connection refused",
    ECONNRESET: "connection reset",
    ENOTFOUND: "host not found",
    EAI_AGAIN: "host name lookup failed",
    ETIMEDOUT: "connection timed out",
    EPIPE: "connection closed while sending",
    UND_ERR_SOCKET: "connection closed by the server",
    UND_ERR_CONNECT_TIMEOUT: "connection timed out",
    UND_ERR_HEADERS_TIMEOUT: `no answer within ${timeoutMs} ms`,
    UND_ERR_BODY_TIMEOUT: `the answer stalled for ${timeoutMs} ms`,
    CERT_HAS_EXPIRED: "the server's TLS certificate has expired",
    DEPTH_ZERO_SELF_SIGNED_CERT: "the server's TLS certificate is self-signed",
    UNABLE_TO_VERIFY_LEAF_SIGNATURE: "the server's TLS certificate cannot be verified",
  };

  const causeCode = (error as { cause?: { code?: unknown } }).cause?.code;
  const key = typeof code === "string" && code in known ? code : String(causeCode ?? code ?? "");
  return known[key] ?? `network error${key === "" ? "" : ` (${key})`}`;
}

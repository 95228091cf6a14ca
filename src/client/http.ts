import { rootCertificates } from "node:tls";
import { Agent, errors, request } from "undici";
import {
  describeTransportError,
  isPermanentTransportError,
  isUnsentTransportError,
} from "./transport-error.js";

export interface HttpRequest {
  method: "GET" | "POST";
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /** Answers larger than this fail the request (default: the client's `maxAnswerBytes`). */
  maxAnswerBytes?: number;
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
  /** Answers larger than this are cut off and fail the request, unless a request says more. */
  maxAnswerBytes?: number;
  /** PEM certificates of a private CA, trusted besides Node's own root certificates. */
  ca?: string;
}

export interface HttpClient {
  send(request: HttpRequest): Promise<HttpAnswer>;
  close(): Promise<void>;
}

/**
 * One participant's answer is a few hundred bytes, an error page a few kilobytes: 1 MiB is
 * plenty for every answer but a listing, and stops a broken proxy from filling memory.
 */
export const defaultAnswerBytes = 1024 * 1024;

/**
 * A study listing names every participant in about 200 bytes (contract section 3): 64 MiB
 * holds some 300,000, more than any study this tool is meant for.
 */
export const listingAnswerBytes = 64 * 1024 * 1024;

/**
 * A network failure that carries only what is safe to print: a short reason. Library errors
 * are not passed on as they are, because some carry the request's headers. `status` is set
 * when the server did answer, but with something that could not be read (too large): sending
 * again would get the same. `permanent` marks a failure no retry can cure (a certificate that
 * cannot be verified). `unsent` marks a failure before any byte left (connection refused, host
 * not found): only then is it certain that the server did not see the request.
 */
export class TransportError extends Error {
  readonly reason: string;
  readonly status: number | null;
  readonly permanent: boolean;
  readonly unsent: boolean;

  constructor(
    reason: string,
    options: { status?: number; permanent?: boolean; unsent?: boolean } = {},
  ) {
    super(reason);
    this.name = "TransportError";
    this.reason = reason;
    this.status = options.status ?? null;
    this.permanent = options.permanent ?? false;
    this.unsent = options.unsent ?? false;
  }
}

export function createHttpClient(options: HttpOptions): HttpClient {
  const defaultLimit = options.maxAnswerBytes ?? defaultAnswerBytes;

  // Certificates are always verified: `rejectUnauthorized` is set here so that
  // NODE_TLS_REJECT_UNAUTHORIZED=0 in the environment cannot turn verification off. A `ca`
  // list replaces Node's default store, so the default roots go in with the private CA.
  const agent = new Agent({
    connections: options.connections,
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
    connectTimeout: Math.min(options.timeoutMs, 30_000),
    // A backstop only: each request reads its answer up to its own, smaller bound.
    maxResponseSize: Math.max(defaultLimit, listingAnswerBytes),
    connect: {
      rejectUnauthorized: true,
      ...(options.ca === undefined ? {} : { ca: [...rootCertificates, options.ca] }),
    },
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
        const limit = req.maxAnswerBytes ?? defaultLimit;
        const text = await readBounded(answer.body, limit, answer.statusCode, answer.headers);
        return { status: answer.statusCode, headers: answer.headers, text };
      } catch (error) {
        if (error instanceof TransportError) throw error;
        if (error instanceof errors.ResponseExceededMaxSizeError) {
          throw new TransportError("the answer was too large");
        }
        throw new TransportError(describeTransportError(error, options.timeoutMs), {
          permanent: isPermanentTransportError(error),
          unsent: isUnsentTransportError(error),
        });
      }
    },

    close: () => agent.close(),
  };
}

/**
 * Reads an answer's body, giving up as soon as it passes `limit` bytes (or says in its
 * Content-Length that it will), without holding more than that in memory.
 */
async function readBounded(
  body: AsyncIterable<Buffer> & { destroy(): unknown },
  limit: number,
  status: number,
  headers: HttpAnswer["headers"],
): Promise<string> {
  const tooLarge = () => {
    body.destroy();
    return new TransportError(
      `the server's answer was larger than ${formatBytes(limit)} (HTTP ${status})`,
      { status },
    );
  };

  const declared = Number(headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge();

  const chunks: Buffer[] = [];
  let size = 0;

  for await (const chunk of body) {
    size += chunk.length;
    if (size > limit) throw tooLarge();
    chunks.push(chunk);
  }

  return chunks.length === 1
    ? (chunks[0] as Buffer).toString("utf8")
    : Buffer.concat(chunks).toString("utf8");
}

function formatBytes(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : `${bytes} bytes`;
}

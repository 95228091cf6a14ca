import { readFileSync } from "node:fs";
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { join } from "node:path";

const tlsDirectory = join(import.meta.dirname, "../fixtures/tls");

/** The test-only CA and server certificate of `test/fixtures/tls` (see its README). */
export const testCaPath = join(tlsDirectory, "ca.pem");
const serverTls = {
  key: readFileSync(join(tlsDirectory, "server.key")),
  cert: readFileSync(join(tlsDirectory, "server.pem")),
};

export interface SeenRequest {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  body: string;
}

export interface CannedAnswer {
  status: number;
  headers?: Record<string, string>;
  body: string | Buffer;
}

export interface TestServerOptions {
  /** Serve HTTPS with the test-only certificate for 127.0.0.1 and localhost. */
  tls?: boolean;
  /** Default 127.0.0.1. */
  host?: string;
  /** Where a request goes that `answer` leaves alone, e.g. a sandbox; else it gets a 404. */
  forwardTo?: string;
  /** A canned answer for the request, or undefined to forward it. */
  answer?: (request: SeenRequest) => CannedAnswer | undefined;
}

export interface TestServer {
  /** The URL to reach it by, with the host it listens on (127.0.0.1 unless told). */
  url: string;
  port: number;
  /** Every request it received, in order. */
  requests: SeenRequest[];
  close(): Promise<void>;
}

/**
 * A small HTTP or HTTPS server on a free port that answers as a test says: canned answers for
 * some requests (a hostile server, a proxy's HTML page), the rest passed on to `forwardTo`.
 */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const requests: SeenRequest[] = [];
  const handle = (request: IncomingMessage, response: ServerResponse) => {
    void serve(request, response, options, requests);
  };
  const server =
    options.tls === true ? createHttpsServer(serverTls, handle) : createHttpServer(handle);
  const host = options.host ?? "127.0.0.1";

  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  const scheme = options.tls === true ? "https" : "http";

  return {
    url: `${scheme}://${host}:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function serve(
  request: IncomingMessage,
  response: ServerResponse,
  options: TestServerOptions,
  requests: SeenRequest[],
): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const seen: SeenRequest = {
    method: request.method ?? "GET",
    path: request.url ?? "/",
    headers: request.headers,
    body: Buffer.concat(chunks).toString("utf8"),
  };
  requests.push(seen);

  const canned =
    options.answer?.(seen) ??
    (options.forwardTo === undefined
      ? { status: 404, body: "" }
      : await forward(options.forwardTo, seen));
  response.writeHead(canned.status, canned.headers ?? {});
  response.end(canned.body);
}

async function forward(target: string, seen: SeenRequest): Promise<CannedAnswer> {
  const headers: Record<string, string> = {};
  for (const name of ["authorization", "content-type", "accept"]) {
    const value = seen.headers[name];
    if (typeof value === "string") headers[name] = value;
  }

  const answer = await fetch(`${target}${seen.path}`, {
    method: seen.method,
    headers,
    body: seen.method === "GET" ? undefined : seen.body,
  });
  const relayed: Record<string, string> = {};
  for (const name of ["content-type", "retry-after"]) {
    const value = answer.headers.get(name);
    if (value !== null) relayed[name] = value;
  }

  return { status: answer.status, headers: relayed, body: await answer.text() };
}

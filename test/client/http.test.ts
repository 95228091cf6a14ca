import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it, onTestFinished } from "vitest";
import {
  createHttpClient,
  type HttpClient,
  type HttpOptions,
  listingAnswerBytes,
  TransportError,
} from "../../src/client/http.js";
import { startTestServer, type TestServerOptions, testCaPath } from "../support/test-server.js";

const testCa = readFileSync(testCaPath, "utf8");

function client(options: Partial<HttpOptions> = {}): HttpClient {
  const http = createHttpClient({ timeoutMs: 5000, connections: 2, ...options });
  onTestFinished(() => http.close());
  return http;
}

async function server(options: TestServerOptions) {
  const started = await startTestServer(options);
  onTestFinished(() => started.close());
  return started;
}

async function transportErrorOf(act: () => Promise<unknown>): Promise<TransportError> {
  const error = await act().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof TransportError))
    throw new Error(`expected a TransportError, got ${error}`);
  return error;
}

const ok = () => ({ status: 200, headers: { "content-type": "application/json" }, body: "{}" });

describe("createHttpClient over TLS", () => {
  const saved = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
  afterEach(() => {
    if (saved === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    else process.env.NODE_TLS_REJECT_UNAUTHORIZED = saved;
  });

  it("refuses a certificate from an unknown CA, for good, with a hint at --ca-file", async () => {
    const https = await server({ tls: true, answer: ok });

    const error = await transportErrorOf(() => client().send({ method: "GET", url: https.url }));

    expect(error.permanent).toBe(true);
    expect(error.status).toBeNull();
    expect(error.reason).toContain("TLS certificate");
    expect(error.reason).toContain("--ca-file");
    expect(https.requests).toHaveLength(0);
  });

  it("connects when the private CA is given", async () => {
    const https = await server({ tls: true, answer: ok });

    const answer = await client({ ca: testCa }).send({ method: "GET", url: `${https.url}/x` });

    expect(answer.status).toBe(200);
    expect(https.requests.map((request) => request.path)).toEqual(["/x"]);
  });

  it("connects by the name localhost too, which the certificate also names", async () => {
    const https = await server({ tls: true, answer: ok });
    const url = `https://localhost:${https.port}/`;

    const answer = await client({ ca: testCa }).send({ method: "GET", url });

    expect(answer.status).toBe(200);
  });

  it("still verifies certificates when NODE_TLS_REJECT_UNAUTHORIZED=0", async () => {
    const https = await server({ tls: true, answer: ok });
    process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";

    const error = await transportErrorOf(() => client().send({ method: "GET", url: https.url }));

    expect(error.permanent).toBe(true);
    expect(https.requests).toHaveLength(0);
  });

  it("says so when the port speaks plain HTTP, not TLS", async () => {
    const plain = await server({ answer: ok });
    const url = plain.url.replace("http:", "https:");

    const error = await transportErrorOf(() => client().send({ method: "GET", url }));

    expect(error.reason).toContain("does not speak TLS");
    expect(error.permanent).toBe(true);
  });
});

describe("createHttpClient answer size", () => {
  const junk = Buffer.alloc(2 * 1024 * 1024, "x");

  it.each<{ name: string; headers: Record<string, string> }>([
    { name: "with a Content-Length", headers: { "content-length": String(junk.length) } },
    { name: "chunked, without a Content-Length", headers: {} },
  ])("stops reading 2 MiB of junk $name at 1 MiB", async ({ headers }) => {
    const junkServer = await server({ answer: () => ({ status: 200, headers, body: junk }) });

    const error = await transportErrorOf(() =>
      client().send({ method: "GET", url: junkServer.url }),
    );

    expect(error.status).toBe(200);
    expect(error.reason).toBe("the server's answer was larger than 1 MiB (HTTP 200)");
  });

  it("reads a larger answer when the request allows it (a listing)", async () => {
    const junkServer = await server({ answer: () => ({ status: 200, body: junk }) });

    const answer = await client().send({
      method: "GET",
      url: junkServer.url,
      maxAnswerBytes: listingAnswerBytes,
    });

    expect(answer.text).toHaveLength(junk.length);
  });
});

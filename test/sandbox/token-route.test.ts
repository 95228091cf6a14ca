import { afterEach, describe, expect, it } from "vitest";
import { tokenPath } from "../../src/contract/paths.js";
import { loadFixture, type Sandbox, startSandbox } from "../../src/sandbox/index.js";
import { harbor, listStudy, requestToken, send, startTestSandbox } from "./support.js";

const samplePath = new URL("../../samples/sandbox-study.json", import.meta.url).pathname;

describe("POST token", () => {
  let sandbox: Sandbox | undefined;

  afterEach(() => sandbox?.close());

  it("answers the JWT as quoted plain text", async () => {
    sandbox = await startTestSandbox();

    const response = await requestToken(sandbox, "dm");

    const text = await response.text();
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(text).toMatch(/^"[\w-]+\.[\w-]+\.[\w-]+"$/);
    const payload = JSON.parse(Buffer.from(text.split(".")[1] ?? "", "base64url").toString());
    expect(payload).toMatchObject({ sub: "dm" });
    expect(payload.exp - payload.iat).toBe(4 * 3600);
  });

  const refusals = [
    { name: "a wrong password", body: { username: "dm", password: "nope" }, status: 401 },
    { name: "an unknown user", body: { username: "ghost", password: "ghost-pw" }, status: 401 },
    { name: "no password", body: { username: "dm" }, status: 401 },
    { name: "a number as password", body: { username: "dm", password: 1 }, status: 401 },
    { name: "a JSON array", body: ["dm", "dm-pw"], status: 401 },
  ];

  it.each(refusals)("refuses $name with $status and HTML", async ({ body, status }) => {
    sandbox = await startTestSandbox();

    const answer = await send(sandbox, tokenPath, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });

    expect(answer.status).toBe(status);
    expect(answer.contentType).toMatch(/^text\/html/);
  });

  const malformed = [
    {
      name: "a form body",
      contentType: "application/x-www-form-urlencoded",
      body: "a=b",
      status: 415,
    },
    { name: "no content type", contentType: undefined, body: "{}", status: 415 },
    { name: "broken JSON", contentType: "application/json", body: '{"username":', status: 400 },
  ];

  it.each(malformed)(
    "refuses $name with $status and HTML",
    async ({ contentType, body, status }) => {
      sandbox = await startTestSandbox();
      const headers: Record<string, string> = contentType ? { "content-type": contentType } : {};

      const answer = await send(sandbox, tokenPath, {
        method: "POST",
        headers,
        body: new Blob([body]),
      });

      expect(answer.status).toBe(status);
      expect(answer.contentType).toMatch(/^text\/html/);
    },
  );

  it("counts every call and answers 429 with Retry-After past the limit", async () => {
    sandbox = await startSandbox({ fixture: await loadFixture(samplePath) });

    const statuses = [];
    for (const password of ["sandbox-dm", "wrong", "sandbox-dm", "sandbox-dm"]) {
      const response = await requestToken(sandbox, "dm.sandbox", password);
      statuses.push([response.status, response.headers.get("retry-after")]);
    }

    expect(statuses.slice(0, 2)).toEqual([
      [200, null],
      [401, null],
    ]);
    for (const [status, retryAfter] of statuses.slice(2)) {
      expect(status).toBe(429);
      expect(Number(retryAfter)).toBeGreaterThanOrEqual(59);
      expect(Number(retryAfter)).toBeLessThanOrEqual(60);
    }
  });

  it("refuses a token with 401 once a short lifetime has passed", async () => {
    sandbox = await startTestSandbox({ tokenLifetimeSeconds: 2 });
    const token = (await (await requestToken(sandbox, "dm")).text()).replace(/"/g, "");
    const list = () => listStudy(sandbox as Sandbox, token, harbor);

    const fresh = await list();
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const expired = await list();

    expect([fresh.status, expired.status]).toEqual([200, 401]);
  });

  it("lets the option raise the fixture's limit", async () => {
    const fixture = await loadFixture(samplePath);
    sandbox = await startSandbox({ fixture, tokenCallsPerMinute: 3 });

    const statuses = [];
    for (let call = 0; call < 4; call += 1) {
      statuses.push((await requestToken(sandbox, "dm.sandbox", "sandbox-dm")).status);
    }

    expect(statuses).toEqual([200, 200, 200, 429]);
  });
});

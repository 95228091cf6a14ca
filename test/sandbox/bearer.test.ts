import type { IncomingMessage } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { studyParticipantsPath } from "../../src/contract/paths.js";
import { authenticate } from "../../src/sandbox/auth/bearer.js";
import { createTokenSigner } from "../../src/sandbox/auth/jwt.js";
import { parseFixture, type Sandbox } from "../../src/sandbox/index.js";
import { SandboxStore } from "../../src/sandbox/state/store.js";
import { harbor, listStudy, login, send, startTestSandbox, testFixture } from "./support.js";

const path = studyParticipantsPath(harbor);

describe("API authentication", () => {
  const sandboxes: Sandbox[] = [];

  afterEach(async () => {
    await Promise.all(sandboxes.splice(0).map((sandbox) => sandbox.close()));
  });

  const start = async (options = {}) => {
    const sandbox = await startTestSandbox(options);
    sandboxes.push(sandbox);
    return sandbox;
  };

  const tamper = (token: string) => {
    const [header, , signature] = token.split(".");
    const payload = Buffer.from(JSON.stringify({ sub: "dm", iat: 1, exp: 9e9 })).toString(
      "base64url",
    );
    return `${header}.${payload}.${signature}`;
  };

  const cases = [
    { name: "no Authorization header", header: async () => undefined },
    { name: "a Basic header", header: async () => "Basic ZG06ZG0tcHc=" },
    { name: "a token that is not a JWT", header: async () => "Bearer not-a-token" },
    {
      name: "another sandbox's token",
      header: async () => `Bearer ${await login(await start(), "dm")}`,
    },
    {
      name: "a changed payload",
      header: async (sandbox: Sandbox) => `Bearer ${tamper(await login(sandbox, "monitor"))}`,
    },
  ];

  it.each(cases)("answers 401 with HTML to $name", async ({ header }) => {
    const sandbox = await start();
    const value = await header(sandbox);

    const answer = await send(sandbox, path, { headers: value ? { authorization: value } : {} });

    expect(answer.status).toBe(401);
    expect(answer.contentType).toMatch(/^text\/html/);
  });

  it("accepts the scheme in any case", async () => {
    const sandbox = await start();
    const token = await login(sandbox, "dm");

    const answer = await send(sandbox, path, { headers: { authorization: `bearer ${token}` } });

    expect(answer.status).toBe(200);
  });

  it("refuses an expired token, unlike the real server", async () => {
    const sandbox = await start({ tokenLifetimeSeconds: 1 });
    const token = await login(sandbox, "dm");

    const fresh = await listStudy(sandbox, token, harbor);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const expired = await listStudy(sandbox, token, harbor);

    expect([fresh.status, expired.status]).toEqual([200, 401]);
  });

  it("refuses a well-signed token whose user is not in the fixture", () => {
    const signer = createTokenSigner({ lifetimeSeconds: 60 });
    const store = new SandboxStore(parseFixture(testFixture, "the test fixture"));
    const request = (username: string) =>
      ({ headers: { authorization: `Bearer ${signer.sign(username)}` } }) as IncomingMessage;

    expect(authenticate(request("ghost"), signer, store)).toBeUndefined();
    expect(authenticate(request("dm"), signer, store)?.username).toBe("dm");
  });
});

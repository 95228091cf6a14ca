import { describe, expect, it } from "vitest";
import { createTokenSigner } from "../../src/sandbox/auth/jwt.js";

const start = Date.UTC(2025, 0, 1);

function signerAt(clock: { now: number }) {
  return createTokenSigner({ lifetimeSeconds: 60, now: () => clock.now });
}

describe("createTokenSigner", () => {
  it("signs an HS256 JWT with sub, iat and exp", () => {
    const signer = signerAt({ now: start });

    const [header = "", payload = ""] = signer.sign("dm").split(".");

    const decode = (part: string) => JSON.parse(Buffer.from(part, "base64url").toString());
    expect(decode(header)).toEqual({ alg: "HS256", typ: "JWT" });
    expect(decode(payload)).toEqual({ sub: "dm", iat: start / 1000, exp: start / 1000 + 60 });
  });

  const ages = [
    { name: "a new token", seconds: 0, expected: "dm" },
    { name: "a token one second from its end", seconds: 59, expected: "dm" },
    { name: "a token at its exp", seconds: 60, expected: undefined },
    { name: "an old token", seconds: 3600, expected: undefined },
  ];

  it.each(ages)("verifies $name as $expected", ({ seconds, expected }) => {
    const clock = { now: start };
    const signer = signerAt(clock);
    const token = signer.sign("dm");

    clock.now = start + seconds * 1000;

    expect(signer.verify(token)).toBe(expected);
  });

  const forgeries = [
    { name: "a changed signature", change: (token: string) => `${token.slice(0, -2)}AA` },
    {
      name: "a missing signature",
      change: (token: string) => token.split(".").slice(0, 2).join("."),
    },
    { name: "an extra part", change: (token: string) => `${token}.extra` },
    {
      name: "an unsigned header",
      change: (token: string) => token.replace(/^[^.]+/, "eyJhbGciOiJub25lIn0"),
    },
    { name: "an empty string", change: () => "" },
  ];

  it.each(forgeries)("refuses $name", ({ change }) => {
    const signer = signerAt({ now: start });

    const token = change(signer.sign("dm"));

    expect(signer.verify(token)).toBeUndefined();
  });

  it("refuses a token from another signer", () => {
    const token = signerAt({ now: start }).sign("dm");

    expect(signerAt({ now: start }).verify(token)).toBeUndefined();
  });
});

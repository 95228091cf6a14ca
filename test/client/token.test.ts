import { describe, expect, it } from "vitest";
import { looksLikeJwt, readExpiry, unwrapToken } from "../../src/client/token.js";

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
const jwt = (claims: unknown) => `${encode({ alg: "HS256", typ: "JWT" })}.${encode(claims)}.c2ln`;

const token = jwt({ sub: "jdoe", exp: 1_700_000_000 });

describe("unwrapToken", () => {
  it.each([
    { name: "a bare token", input: token, expected: token },
    { name: "a quoted token", input: `"${token}"`, expected: token },
    { name: "a token with a trailing newline", input: `${token}\n`, expected: token },
    { name: "a quoted token with spaces around", input: `  "${token}"\r\n`, expected: token },
    { name: "spaces inside the quotes", input: `" ${token} "`, expected: token },
    { name: "a lone quote, left alone", input: '"', expected: '"' },
    { name: "a quote on one side only, left alone", input: `"${token}`, expected: `"${token}` },
  ])("unwraps $name", ({ input, expected }) => {
    const unwrapped = unwrapToken(input);

    expect(unwrapped).toBe(expected);
  });
});

describe("looksLikeJwt", () => {
  it.each([
    { name: "a signed token", input: token, expected: true },
    {
      name: "an unsigned token",
      input: `${encode({ alg: "none" })}.${encode({})}.`,
      expected: true,
    },
    { name: "an HTML page", input: "<html><body>Login</body></html>", expected: false },
    { name: "a quoted token", input: `"${token}"`, expected: false },
    { name: "two parts", input: "abc.def", expected: false },
    { name: "four parts", input: "a.b.c.d", expected: false },
    { name: "an empty string", input: "", expected: false },
  ])("$name is a JWT: $expected", ({ input, expected }) => {
    const looks = looksLikeJwt(input);

    expect(looks).toBe(expected);
  });
});

describe("readExpiry", () => {
  it.each([
    { name: "exp in seconds, as milliseconds", input: token, expected: 1_700_000_000_000 },
    { name: "no exp", input: jwt({ sub: "jdoe" }), expected: undefined },
    { name: "exp as a string", input: jwt({ exp: "1700000000" }), expected: undefined },
    { name: "a payload that is not JSON", input: "aGVhZA.bm90IGpzb24.c2ln", expected: undefined },
    {
      name: "a payload that is JSON null",
      input: `aGVhZA.${encode(null)}.c2ln`,
      expected: undefined,
    },
    { name: "one part only", input: "abc", expected: undefined },
  ])("reads $name", ({ input, expected }) => {
    const expiry = readExpiry(input);

    expect(expiry).toBe(expected);
  });
});

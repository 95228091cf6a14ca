import { describe, expect, it } from "vitest";
import { createRedactor } from "../../src/cli/redact.js";

const jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJkbSJ9.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg";

describe("createRedactor", () => {
  it.each([
    {
      name: "a known secret",
      secrets: ["hunter22"],
      input: "pw=hunter22!",
      expected: "pw=[redacted]!",
    },
    {
      name: "every occurrence",
      secrets: ["hunter22"],
      input: "hunter22 and hunter22",
      expected: "[redacted] and [redacted]",
    },
    {
      name: "a secret as JSON quotes it",
      secrets: ['pa"ss\\word'],
      input: '{"password":"pa\\"ss\\\\word"}',
      expected: '{"password":"[redacted]"}',
    },
    {
      name: "a secret as a URL encodes it",
      secrets: ["p@ss word"],
      input: "https://x/?p=p%40ss%20word",
      expected: "https://x/?p=[redacted]",
    },
    {
      name: "the longer of two secrets whole",
      secrets: ["abcd", "abcdefgh"],
      input: "abcdefgh",
      expected: "[redacted]",
    },
    {
      name: "a Bearer value it never saw",
      secrets: [],
      input: "Authorization: Bearer abc.def",
      expected: "Authorization: Bearer [redacted]",
    },
    {
      name: "a Basic value it never saw",
      secrets: [],
      input: "authorization: basic ZG06ZG0tcHc=",
      expected: "authorization: basic [redacted]",
    },
    {
      name: "nothing of words that follow Basic or Bearer in a sentence",
      secrets: [],
      input: "Basic usage: send a Bearer token",
      expected: "Basic usage: send a Bearer token",
    },
    {
      name: "a JWT it never saw",
      secrets: [],
      input: `token ${jwt} end`,
      expected: "token [redacted] end",
    },
    {
      name: "nothing of a secret too short to hide",
      secrets: ["ab1"],
      input: "row ab1",
      expected: "row ab1",
    },
  ])("hides $name", ({ secrets, input, expected }) => {
    const redactor = createRedactor();
    for (const secret of secrets) redactor.add(secret);

    expect(redactor.redact(input)).toBe(expected);
  });

  it("leaves text without secrets as it is", () => {
    const redactor = createRedactor();
    redactor.add("hunter22");
    redactor.add(undefined);

    expect(redactor.redact("Read 3 rows of people.csv")).toBe("Read 3 rows of people.csv");
  });
});

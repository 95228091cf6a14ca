import { describe, expect, it } from "vitest";
import { readErrorCode, readErrorMessage } from "../../src/client/error-body.js";

describe("readErrorCode", () => {
  it.each([
    {
      name: "a current server's message",
      input: '{"message":"errorCode.invalidPhoneNumber","params":{"studyOid":"S_JUNO(TEST)"}}',
      expected: "errorCode.invalidPhoneNumber",
    },
    {
      name: "a 2018 server's message list",
      input: '{"subjectKey":null,"message":["errorCode.siteNotExist"]}',
      expected: "errorCode.siteNotExist",
    },
    {
      name: "the first of several codes",
      input: '{"message":["errorCode.a","errorCode.b"]}',
      expected: "errorCode.a",
    },
    {
      name: "a code it has never heard of",
      input: '{"message":"errorCode.x"}',
      expected: "errorCode.x",
    },
    {
      name: "an HTML page",
      input: "<html><body><h1>400 Bad Request</h1></body></html>",
      expected: null,
    },
    { name: "an empty body", input: "", expected: null },
    { name: "truncated JSON", input: '{"message":"errorCode.x', expected: null },
    { name: "JSON without a message", input: '{"error":"Bad Request"}', expected: null },
    { name: "an empty message list", input: '{"message":[]}', expected: null },
    { name: "a numeric message", input: '{"message":42}', expected: null },
    { name: "a JSON string", input: '"errorCode.x"', expected: null },
    { name: "JSON null", input: "null", expected: null },
    {
      name: "a sentence instead of a code",
      input: '{"message":"Something went wrong, try again"}',
      expected: null,
    },
    { name: "an escape sequence", input: '{"message":"\\u001b[2J"}', expected: null },
    {
      name: "one of the tool's own local codes",
      input: '{"message":"local.interrupted"}',
      expected: null,
    },
  ])("reads $name", ({ input, expected }) => {
    const code = readErrorCode(input);

    expect(code).toBe(expected);
  });
});

describe("readErrorMessage", () => {
  it.each([
    {
      name: "a sentence",
      input: '{"message":"Something went wrong, try again"}',
      expected: "Something went wrong, try again",
    },
    {
      name: "a sentence with escapes and a line break",
      input: JSON.stringify({ message: "\u001b[31mred\u001b[0m\r\nline" }),
      expected: "red line",
    },
    { name: "a code, which is not a message", input: '{"message":"errorCode.x"}', expected: null },
    { name: "only escapes", input: JSON.stringify({ message: "\u001b[2J" }), expected: null },
    { name: "an HTML page", input: "<html><body>500</body></html>", expected: null },
  ])("reads $name", ({ input, expected }) => {
    const message = readErrorMessage(input);

    expect(message).toBe(expected);
  });

  it("cuts a long message short", () => {
    const message = readErrorMessage(JSON.stringify({ message: "m".repeat(10_000) }), 50);

    expect(message).toHaveLength(50);
  });
});

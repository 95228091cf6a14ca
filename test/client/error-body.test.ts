import { describe, expect, it } from "vitest";
import { readErrorCode } from "../../src/client/error-body.js";

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
  ])("reads $name", ({ input, expected }) => {
    const code = readErrorCode(input);

    expect(code).toBe(expected);
  });
});

import { describe, expect, it } from "vitest";
import { isUnsentTransportError } from "../../src/client/transport-error.js";

const timeout = Object.assign(new Error("The operation was aborted due to timeout"), {
  name: "TimeoutError",
  code: 23,
});

describe("isUnsentTransportError", () => {
  it.each([
    { name: "a refused connection", input: { code: "ECONNREFUSED" }, expected: true },
    { name: "a host that is not found", input: { code: "ENOTFOUND" }, expected: true },
    { name: "a failed name lookup", input: { code: "EAI_AGAIN" }, expected: true },
    { name: "an unreachable host", input: { code: "EHOSTUNREACH" }, expected: true },
    { name: "a connect timeout", input: { code: "UND_ERR_CONNECT_TIMEOUT" }, expected: true },
    {
      name: "a socket error wrapped by undici",
      input: { code: "UND_ERR_X", cause: { code: "ECONNREFUSED" } },
      expected: true,
    },
    { name: "no headers in time", input: { code: "UND_ERR_HEADERS_TIMEOUT" }, expected: false },
    { name: "a stalled body", input: { code: "UND_ERR_BODY_TIMEOUT" }, expected: false },
    { name: "the whole-request timeout", input: timeout, expected: false },
    { name: "a reset connection", input: { code: "ECONNRESET" }, expected: false },
    {
      name: "a connection closed by the server",
      input: { code: "UND_ERR_SOCKET" },
      expected: false,
    },
    {
      name: "a TCP timeout that may come after sending",
      input: { code: "ETIMEDOUT" },
      expected: false,
    },
    { name: "an error with no code", input: new Error("odd"), expected: false },
  ])("$name is unsent: $expected", ({ input, expected }) => {
    const unsent = isUnsentTransportError(input);

    expect(unsent).toBe(expected);
  });
});

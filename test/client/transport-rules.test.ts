import { describe, expect, it } from "vitest";
import {
  checkTransport,
  isLoopbackHost,
  isPlainRemoteHttp,
} from "../../src/client/transport-rules.js";
import { failureOf } from "../support/failure-of.js";

describe("isPlainRemoteHttp", () => {
  it.each([
    {
      name: "https to a remote host",
      url: "https://acme.openclinica.io/OpenClinica",
      expected: false,
    },
    { name: "http to 127.0.0.1", url: "http://127.0.0.1:8080", expected: false },
    { name: "http to another 127.x address", url: "http://127.42.0.9/", expected: false },
    { name: "http to 127.1 (short form)", url: "http://127.1:8080/", expected: false },
    { name: "http to localhost", url: "http://localhost:8080", expected: false },
    { name: "http to LOCALHOST.", url: "http://LOCALHOST.:8080", expected: false },
    { name: "http to ::1", url: "http://[::1]:8080", expected: false },
    { name: "http to IPv4-mapped loopback", url: "http://[::ffff:127.0.0.1]/", expected: false },
    {
      name: "http to a remote host",
      url: "http://acme.openclinica.io/OpenClinica",
      expected: true,
    },
    { name: "http to a LAN address", url: "http://192.168.1.20:8080", expected: true },
    { name: "http to 0.0.0.0", url: "http://0.0.0.0:8080", expected: true },
    { name: "http to 128.0.0.1", url: "http://128.0.0.1/", expected: true },
    {
      name: "http to a name that only starts like loopback",
      url: "http://127.0.0.1.example.org/",
      expected: true,
    },
    {
      name: "http to a localhost subdomain",
      url: "http://evil.localhost.example/",
      expected: true,
    },
    { name: "http to another IPv6 address", url: "http://[2001:db8::1]/", expected: true },
    {
      name: "http with loopback only in the user info",
      url: "http://localhost@evil.example/",
      expected: true,
    },
  ])("$name: $expected", ({ url, expected }) => {
    const plain = isPlainRemoteHttp(url);

    expect(plain).toBe(expected);
  });
});

describe("isLoopbackHost", () => {
  it.each([
    { host: "127.0.0.1", expected: true },
    { host: "[::1]", expected: true },
    { host: "localhost", expected: true },
    { host: "localhost.localdomain", expected: false },
    { host: "10.0.0.1", expected: false },
  ])("$host: $expected", ({ host, expected }) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });
});

describe("checkTransport", () => {
  const remote = { option: "--auth-url", url: "http://auth.example.org" };
  const local = { option: "--server", url: "http://127.0.0.1:8080" };

  it("lets loopback http through with nothing to warn about", () => {
    const plain = checkTransport([local], false);

    expect(plain).toEqual([]);
  });

  it("refuses remote http without --allow-http, naming the option and the fix", async () => {
    const error = await failureOf(async () => checkTransport([local, remote], false));

    expect(error.code).toBe("usage");
    expect(error.message).toContain("--auth-url http://auth.example.org");
    expect(error.message).toContain("--allow-http");
    expect(error.message).toContain("https://");
  });

  it.each(["https://jdoe:Secret-99@acme.example.org/OpenClinica", "https://jdoe@acme.example.org"])(
    "refuses %s, which holds credentials, without repeating them",
    async (url) => {
      const error = await failureOf(async () =>
        checkTransport([{ option: "OC_SERVER", url }], true),
      );

      expect(error.code).toBe("usage");
      expect(error.message).toContain("OC_SERVER holds a user name or password");
      expect(error.message).not.toContain("jdoe");
    },
  );

  it("returns the remote http URLs when --allow-http is given, for a warning", () => {
    const plain = checkTransport([local, remote], true);

    expect(plain).toEqual([remote]);
  });
});

import { writeFileSync } from "node:fs";
import { rootCertificates } from "node:tls";
import { describe, expect, it } from "vitest";
import { testCaPath } from "../support/test-server.js";
import {
  nonLoopbackAddress,
  sampleLogin,
  sampleStudy,
  startSampleSandbox,
  startServerInFront,
} from "./server-support.js";
import { fixture, readJsonLines, runCli, scratchPath, stackLines } from "./support.js";

function importArgs(server: string, ...extra: string[]): string[] {
  return [
    "import",
    fixture("clean.csv"),
    "--server",
    server,
    "--study",
    sampleStudy,
    "--json",
    "--report",
    scratchPath("r.jsonl"),
    ...extra,
  ];
}

describe("TLS", () => {
  it("refuses a server whose certificate comes from an unknown CA: exit 4, a clear reason, no retries", async () => {
    const https = await startServerInFront(await startSampleSandbox(), { tls: true });

    const run = await runCli(importArgs(https.url), sampleLogin);

    expect(run.code).toBe(4);
    expect(run.stderr).toContain("TLS certificate");
    expect(run.stderr).toContain("--ca-file");
    expect(run.stderr).not.toContain("after 6 attempts");
    expect(stackLines(run.stderr)).toEqual([]);
    expect(https.requests).toEqual([]);
  });

  it("imports through the server once --ca-file names its CA", async () => {
    const https = await startServerInFront(await startSampleSandbox(), { tls: true });

    const run = await runCli(importArgs(https.url, "--ca-file", testCaPath), sampleLogin);

    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ outcomes: { created: 2 } });
    expect(https.requests.length).toBeGreaterThan(0);
  });

  it("takes the CA from OC_CA_FILE too", async () => {
    const https = await startServerInFront(await startSampleSandbox(), { tls: true });

    const run = await runCli(importArgs(https.url), { ...sampleLogin, OC_CA_FILE: testCaPath });

    expect(run.code).toBe(0);
  });

  it("keeps trusting NODE_EXTRA_CA_CERTS when --ca-file names another CA", async () => {
    const https = await startServerInFront(await startSampleSandbox(), { tls: true });
    const otherCa = scratchPath("other-ca.pem");
    writeFileSync(otherCa, rootCertificates[0] ?? "");

    const run = await runCli(importArgs(https.url, "--ca-file", otherCa), {
      ...sampleLogin,
      NODE_EXTRA_CA_CERTS: testCaPath,
    });

    expect(run.code).toBe(0);
  });

  it("warns that NODE_TLS_REJECT_UNAUTHORIZED=0 is ignored, and still verifies", async () => {
    const https = await startServerInFront(await startSampleSandbox(), { tls: true });

    const run = await runCli(importArgs(https.url, "--quiet"), {
      ...sampleLogin,
      NODE_TLS_REJECT_UNAUTHORIZED: "0",
    });

    expect(run.code).toBe(4);
    expect(run.stderr).toContain("NODE_TLS_REJECT_UNAUTHORIZED=0 is ignored");
    expect(https.requests).toEqual([]);
  });

  it.each([
    { name: "a missing file", content: undefined, expected: "cannot be read" },
    {
      name: "a file that is not PEM",
      content: "not a certificate\n",
      expected: "holds no PEM certificate",
    },
    {
      name: "a damaged PEM certificate",
      content: "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
      expected: "is damaged",
    },
  ])(
    "refuses --ca-file with $name, naming the option and the fix",
    async ({ content, expected }) => {
      const path = scratchPath("ca.pem");
      if (content !== undefined) writeFileSync(path, content);

      const run = await runCli(importArgs("https://127.0.0.1:9", "--ca-file", path), sampleLogin);

      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`--ca-file ${path}`);
      expect(run.stderr).toContain(expected);
      expect(run.stderr).toContain("BEGIN CERTIFICATE");
    },
  );

  it("names OC_CA_FILE when the bad file came from there", async () => {
    const path = scratchPath("missing-ca.pem");

    const run = await runCli(importArgs("https://127.0.0.1:9"), {
      ...sampleLogin,
      OC_CA_FILE: path,
    });

    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`OC_CA_FILE ${path}`);
  });
});

describe("plain http", () => {
  const host = nonLoopbackAddress();

  it("refuses http:// to another host before sending anything", async () => {
    const plain = await startServerInFront(await startSampleSandbox(), { host: "0.0.0.0" });
    const url = `http://${host}:${plain.port}`;

    const run = await runCli(importArgs(url), sampleLogin);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`--server ${url}`);
    expect(run.stderr).toContain("--allow-http");
    expect(plain.requests).toEqual([]);
  });

  it("refuses an http:// --auth-url to another host, even with an https --server", async () => {
    const plain = await startServerInFront(await startSampleSandbox(), { host: "0.0.0.0" });
    const authUrl = `http://${host}:${plain.port}`;

    const run = await runCli(importArgs("https://127.0.0.1:9", "--auth-url", authUrl), sampleLogin);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`--auth-url ${authUrl}`);
    expect(plain.requests).toEqual([]);
  });

  it.each<{ name: string; args: string[]; env: Record<string, string> }>([
    { name: "--allow-http", args: ["--allow-http"], env: {} },
    { name: "OC_ALLOW_HTTP=1", args: [], env: { OC_ALLOW_HTTP: "1" } },
  ])("sends over http:// with $name, warning even with --quiet", async ({ args, env }) => {
    const plain = await startServerInFront(await startSampleSandbox(), { host: "0.0.0.0" });
    const url = `http://${host}:${plain.port}`;

    const run = await runCli(importArgs(url, "--quiet", ...args), { ...sampleLogin, ...env });

    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`--server ${url} is plain http://`);
    expect(run.stderr).toContain("travel unencrypted");
    expect(plain.requests.length).toBeGreaterThan(0);
  });

  it("refuses an OC_ALLOW_HTTP it cannot read as yes or no", async () => {
    const run = await runCli(importArgs("http://127.0.0.1:9"), {
      ...sampleLogin,
      OC_ALLOW_HTTP: "maybe",
    });

    expect(run.code).toBe(2);
    expect(run.stderr).toContain("OC_ALLOW_HTTP");
  });

  it("sends to a loopback http:// server with no flag and no warning", async () => {
    const plain = await startServerInFront(await startSampleSandbox());
    const report = scratchPath("loopback.jsonl");

    const run = await runCli(
      [
        "import",
        fixture("clean.csv"),
        "--server",
        plain.url,
        "--study",
        sampleStudy,
        "--report",
        report,
      ],
      sampleLogin,
    );

    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain("plain http://");
    expect(readJsonLines(report).map((line) => line.outcome)).toEqual(["created", "created"]);
  });
});

describe("transport settings in the config file", () => {
  it("reads caFile from the config file and names it in a problem", async () => {
    const config = scratchPath("oc-participants.json");
    writeFileSync(config, JSON.stringify({ caFile: scratchPath("absent.pem") }));

    const run = await runCli(importArgs("https://127.0.0.1:9", "--config", config), sampleLogin);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--ca-file (from the config file)");
  });

  it("reads allowHttp from the config file", async () => {
    const plain = await startServerInFront(await startSampleSandbox(), { host: "0.0.0.0" });
    const url = `http://${nonLoopbackAddress()}:${plain.port}`;
    const config = scratchPath("oc-participants.json");
    writeFileSync(config, JSON.stringify({ allowHttp: true }));

    const run = await runCli(importArgs(url, "--config", config), sampleLogin);

    expect(run.code).toBe(0);
    expect(run.stderr).toContain("travel unencrypted");
  });
});

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { CannedAnswer, SeenRequest } from "../support/test-server.js";
import { unsafeCharacters } from "../support/unsafe-text.js";
import {
  sampleLogin,
  sampleStudy,
  startSampleSandbox,
  startServerInFront,
} from "./server-support.js";
import { fixture, readJsonLines, runCli, scratchPath, stackLines } from "./support.js";

const json = { "content-type": "application/json" };
const html = { "content-type": "text/html;charset=utf-8" };
const loginPage = `<!doctype html><html><body><form action="/sso">Sign in</form>${"<p>x</p>".repeat(500)}</body></html>`;
const hostileMessage = `Bad \x1b]0;pwned\x07\x1b[31mrequest\u202eevil\rFAKE\x1b[2J ${"y".repeat(10_000)}`;

/** A row's POST, as opposed to the pre-flight's empty one (see plan/preflight.ts). */
const isRowPost = (request: SeenRequest) =>
  request.method === "POST" && request.body.includes("subjectKey");

async function importThrough(
  answer: (request: SeenRequest) => CannedAnswer | undefined,
  report: string,
) {
  const proxy = await startServerInFront(await startSampleSandbox(), { answer });
  const args = ["import", fixture("clean.csv"), "--server", proxy.url, "--study", sampleStudy];

  return runCli([...args, "--retries", "0", "--report", report], sampleLogin);
}

/** Both streams of a run: printable lines only, none of them long. */
function expectCleanOutput(run: { stdout: string; stderr: string }): void {
  const output = `${run.stdout}${run.stderr}`;

  expect(unsafeCharacters(output, { lines: true })).toEqual([]);
  expect(output).not.toContain("pwned");
  expect(output).not.toContain("<form");
  expect(Math.max(...output.split("\n").map((line) => line.length))).toBeLessThan(400);
  expect(stackLines(run.stderr)).toEqual([]);
}

describe("import from a hostile or broken server", () => {
  it.each<{ name: string; answer: CannedAnswer; message: string | RegExp }>([
    {
      name: "2 MiB of junk",
      answer: { status: 200, headers: json, body: Buffer.alloc(2 * 1024 * 1024, "j") },
      message: "the server's answer was larger than 1 MiB (HTTP 200)",
    },
    {
      name: "a proxy's login page with 200",
      answer: { status: 200, headers: html, body: loginPage },
      message: "the server answered HTML, not JSON (HTTP 200)",
    },
    {
      name: "a gateway's page with 502",
      answer: { status: 502, headers: html, body: loginPage },
      message: "the server answered HTML, not JSON (HTTP 502)",
    },
    {
      name: "truncated JSON",
      answer: { status: 200, headers: json, body: '{"subjectKey":"HH-BOS-0901","subjectO' },
      message: "the server's answer is cut off or not valid JSON (HTTP 200)",
    },
    {
      name: "JSON under a wrong content type",
      answer: {
        status: 200,
        headers: { "content-type": "text/plain" },
        body: '{"subjectKey":"x"}',
      },
      message: "the server answered text/plain, not JSON (HTTP 200)",
    },
    {
      name: "a message of escapes, bidi, CR and 10 kB",
      answer: { status: 400, headers: json, body: JSON.stringify({ message: hostileMessage }) },
      message: /^HTTP 400 without an errorCode; the server said: "Bad requestevil FAKE y+…"$/,
    },
    {
      name: "a code that clears the screen",
      answer: { status: 400, headers: json, body: JSON.stringify({ message: "\x1b[2J" }) },
      message: "HTTP 400 without an errorCode",
    },
  ])("ends each row failed with a short reason on $name", async ({ answer, message }) => {
    const report = scratchPath("hostile.jsonl");

    const run = await importThrough((request) => (isRowPost(request) ? answer : undefined), report);

    expect(run.code).toBe(1);
    const lines = readJsonLines(report);
    expect(lines.map((line) => [line.outcome, line.errorCode])).toEqual([
      ["failed", null],
      ["failed", null],
    ]);
    for (const line of lines) expect(line.message).toMatch(message);
    expectCleanOutput(run);
  });

  it("writes a CSV report with nothing of a hostile message but its safe, short text", async () => {
    const report = scratchPath("hostile.csv");
    const answer = {
      status: 400,
      headers: json,
      body: JSON.stringify({ message: hostileMessage }),
    };

    const run = await importThrough((request) => (isRowPost(request) ? answer : undefined), report);
    // The report starts with a byte order mark on purpose, for Excel; the rest must be plain.
    const text = readFileSync(report, "utf8").replace(/^\ufeff/, "");

    expect(run.code).toBe(1);
    expect(unsafeCharacters(text, { lines: true })).toEqual([]);
    expect(text).not.toContain("pwned");
    expect(text.split("\n")).toHaveLength(4);
    expect(text.length).toBeLessThan(1000);
  });

  it("keeps a row's contact details out of the report when the server quotes the request", async () => {
    const report = scratchPath("echo.csv");
    const sent: string[] = [];
    const echo = (request: SeenRequest) => {
      if (!isRowPost(request)) return undefined;
      const { subjectKey, ...contact } = JSON.parse(request.body) as Record<string, string>;
      sent.push(...Object.values(contact).filter((value) => value.length > 0));
      const message = `invalid request ${request.body}`;
      return { status: 400, headers: json, body: JSON.stringify({ message }) };
    };

    const run = await importThrough(echo, report);
    const text = readFileSync(report, "utf8");

    expect(run.code).toBe(1);
    expect(sent.length).toBeGreaterThan(0);
    expect(text).toContain("[redacted]");
    for (const value of sent) expect(text).not.toContain(value);
  });

  it("stops with exit 4 and a short message when the listing is an HTML page", async () => {
    const answer = { status: 200, headers: html, body: loginPage };

    const run = await importThrough(
      (request) => (request.method === "GET" ? answer : undefined),
      scratchPath("listing.jsonl"),
    );

    expect(run.code).toBe(4);
    expect(run.stderr).toContain("the server answered HTML, not JSON (HTTP 200)");
    expectCleanOutput(run);
  });

  it("stops with exit 4 when the token endpoint answers a login page", async () => {
    const answer = { status: 200, headers: html, body: loginPage };

    const run = await importThrough(
      (request) => (request.path.includes("/oauth/token") ? answer : undefined),
      scratchPath("login.jsonl"),
    );

    expect(run.code).toBe(4);
    expect(run.stderr).toContain("not with a token");
    expectCleanOutput(run);
  });

  it("stops with exit 4 when the token endpoint sends 2 MiB", async () => {
    const answer = { status: 200, body: Buffer.alloc(2 * 1024 * 1024, "t") };

    const run = await importThrough(
      (request) => (request.path.includes("/oauth/token") ? answer : undefined),
      scratchPath("login.jsonl"),
    );

    expect(run.code).toBe(4);
    expect(run.stderr).toContain("larger than 1 MiB");
    expectCleanOutput(run);
  });
});

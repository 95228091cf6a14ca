import { describe, expect, it, onTestFinished } from "vitest";
import { createParticipantApi, type ParticipantApi } from "../../src/client/api.js";
import { createHttpClient } from "../../src/client/http.js";
import { createSession } from "../../src/client/session.js";
import { type CannedAnswer, startTestServer, type TestServer } from "../support/test-server.js";
import { unsafeCharacters } from "../support/unsafe-text.js";

const json = { "content-type": "application/json" };
const html = { "content-type": "text/html;charset=utf-8" };
const proxyPage = "<!doctype html><html><body><form>Sign in to the proxy</form></body></html>";
const hostileMessage = `Bad \x1b]0;pwned\x07\x1b[31mrequest\u202eevil\rFAKE ${"x".repeat(10_000)}`;
const target = { studyOid: "S_JUNO(TEST)", siteOid: "S_OHIO(TEST)", register: false };

/** An API against a server that answers every request with `canned`; one retry, no waiting. */
async function apiAnswering(
  canned: CannedAnswer,
): Promise<{ api: ParticipantApi; server: TestServer }> {
  const server = await startTestServer({ answer: () => canned });
  const http = createHttpClient({ timeoutMs: 5000, connections: 2 });
  onTestFinished(async () => {
    await http.close();
    await server.close();
  });

  const api = createParticipantApi({
    http,
    session: createSession({ token: "e30.e30.sig", fetchToken: async () => "unused" }),
    policy: { retries: 1, baseDelayMs: 1, maxDelayMs: 1 },
    sleep: async () => {},
    serverUrl: server.url,
  });
  return { api, server };
}

describe("postParticipant with a hostile or broken server", () => {
  it.each<{ name: string; answer: CannedAnswer; reason: string | RegExp; attempts: number }>([
    {
      name: "2 MiB of junk",
      answer: { status: 200, headers: json, body: Buffer.alloc(2 * 1024 * 1024, "j") },
      reason: "the server's answer was larger than 1 MiB (HTTP 200)",
      attempts: 1,
    },
    {
      name: "a proxy's HTML page with 200",
      answer: { status: 200, headers: html, body: proxyPage },
      reason: "the server answered HTML, not JSON (HTTP 200)",
      attempts: 1,
    },
    {
      name: "HTML without a content type",
      answer: { status: 200, body: `\n  ${proxyPage}` },
      reason: "the server answered HTML, not JSON (HTTP 200)",
      attempts: 1,
    },
    {
      name: "a gateway's HTML page with 502, after its retry",
      answer: { status: 502, headers: html, body: proxyPage },
      reason: "the server answered HTML, not JSON (HTTP 502)",
      attempts: 2,
    },
    {
      name: "truncated JSON",
      answer: { status: 200, headers: json, body: '{"subjectKey":"SITE1-0042","subj' },
      reason: "the server's answer is cut off or not valid JSON (HTTP 200)",
      attempts: 1,
    },
    {
      name: "JSON sent as text/plain",
      answer: {
        status: 200,
        headers: { "content-type": "text/plain" },
        body: '{"subjectKey":"A"}',
      },
      reason: "the server answered text/plain, not JSON (HTTP 200)",
      attempts: 1,
    },
    {
      name: "a redirect, which is not followed",
      answer: {
        status: 307,
        headers: { location: "https://sso.example.org/\x9b2Jlogin" },
        body: "",
      },
      reason:
        "the server redirected (HTTP 307) to https://sso.example.org/login; check --server and --auth-url, which must be the final https:// addresses",
      attempts: 1,
    },
    {
      name: "a 429 page that outlasts the retries",
      answer: { status: 429, headers: html, body: proxyPage },
      reason: "HTTP 429: the server still asked to slow down after the retries",
      attempts: 2,
    },
    {
      name: "an empty 200",
      answer: { status: 200, headers: json, body: "" },
      reason: "the server answered nothing, not JSON (HTTP 200)",
      attempts: 1,
    },
    {
      name: "a 200 about another participant",
      answer: {
        status: 200,
        headers: json,
        body: '{"subjectKey":"SITE9-0001","subjectOid":"SS_SITE9000","status":"AVAILABLE"}',
      },
      reason:
        "the server answered 200 for another participant ID (SITE9-0001), so this row's outcome is unknown",
      attempts: 1,
    },
    {
      name: "a JSON array instead of the participant",
      answer: { status: 200, headers: json, body: "[1,2]" },
      reason: "the server answered JSON, but not the expected JSON (HTTP 200)",
      attempts: 1,
    },
    {
      // Node sends no C0 control in a header; a C1 one (a byte above 0x7f) gets through.
      name: "a content type with a C1 escape",
      answer: { status: 200, headers: { "content-type": "text/x\x9b2Jy" }, body: "{}" },
      reason: "the server answered text/xy, not JSON (HTTP 200)",
      attempts: 1,
    },
    {
      name: "a 400 whose message is escapes, bidi, CR and 10 kB",
      answer: { status: 400, headers: json, body: JSON.stringify({ message: hostileMessage }) },
      reason: /^HTTP 400 without an errorCode; the server said: "Bad requestevil FAKE x+…"$/,
      attempts: 1,
    },
    {
      name: "a 400 whose code is a screen clear",
      answer: { status: 400, headers: json, body: JSON.stringify({ message: "\x1b[2J" }) },
      reason: "HTTP 400 without an errorCode",
      attempts: 1,
    },
    {
      name: "a 400 that forges one of the tool's own codes",
      answer: { status: 400, headers: json, body: '{"message":"local.interrupted"}' },
      reason: 'HTTP 400 without an errorCode; the server said: "local.interrupted"',
      attempts: 1,
    },
    {
      name: "a 500 with a stack trace in JSON",
      answer: {
        status: 500,
        headers: json,
        body: JSON.stringify({ message: `NPE\n\tat ${"x".repeat(400)}` }),
      },
      reason:
        /^HTTP 500: the server failed while handling the request; the server said: "NPE at x+…"$/,
      attempts: 1,
    },
  ])("ends failed, with a short reason, on $name", async ({ answer, reason, attempts }) => {
    const { api } = await apiAnswering(answer);

    const result = await api.postParticipant(target, { subjectKey: "SITE1-0042" });

    expect(result.kind).toBe("failed");
    if (result.kind !== "failed") return;
    expect(result.reason).toMatch(
      typeof reason === "string" ? new RegExp(`^${escapeRegExp(reason)}$`) : reason,
    );
    expect(result.reason.length).toBeLessThanOrEqual(250);
    expect(unsafeCharacters(result.reason)).toEqual([]);
    expect(result.attempts).toBe(attempts);
    expect(result.fatal).toBeUndefined();
  });

  it("takes a 200 that names the same participant in another case as a success", async () => {
    const { api } = await apiAnswering({
      status: 200,
      headers: json,
      body: '{"subjectKey":"site1-0042","subjectOid":"SS_SITE1004","status":"AVAILABLE"}',
    });

    const result = await api.postParticipant(target, { subjectKey: "SITE1-0042" });

    expect(result.kind).toBe("ok");
  });

  it("still takes a documented errorCode as a rejection", async () => {
    const body = JSON.stringify({ message: "errorCode.invalidPhoneNumber" });
    const { api } = await apiAnswering({ status: 400, headers: json, body });

    const result = await api.postParticipant(target, { subjectKey: "SITE1-0042" });

    expect(result).toMatchObject({ kind: "rejected", code: "errorCode.invalidPhoneNumber" });
  });
});

describe("listParticipants with a hostile or broken server", () => {
  it("fails on a proxy's HTML page", async () => {
    const { api } = await apiAnswering({ status: 200, headers: html, body: proxyPage });

    const result = await api.listParticipants("S_JUNO(TEST)");

    expect(result).toMatchObject({
      kind: "failed",
      reason: "the server answered HTML, not JSON (HTTP 200)",
    });
  });

  it("makes listed IDs and statuses safe to print", async () => {
    const entry = {
      subjectKey: "A-1\x1b]0;pwned\x07\u202e",
      status: `DELETED\x1b[2J${"s".repeat(99)}`,
    };
    const body = JSON.stringify({ studyParticipants: [entry] });
    const { api } = await apiAnswering({ status: 200, headers: json, body });

    const result = await api.listParticipants("S_JUNO(TEST)");

    expect(result.kind).toBe("ok");
    if (result.kind !== "ok") return;
    const [listed] = result.value;
    expect(listed?.subjectKey).toBe("A-1");
    expect(listed?.status.startsWith("DELETEDsss")).toBe(true);
    expect(listed?.status.length).toBeLessThanOrEqual(40);
  });

  it("reads a listing larger than the 1 MiB that bounds other answers", async () => {
    const studyParticipants = Array.from({ length: 12_000 }, (_, index) => ({
      subjectKey: `P-${index}`,
      subjectOid: `SS_P${index}`,
      status: "AVAILABLE",
      createdBy: "someone.with.a.long.name",
      createdAt: "2024-01-01T00:00:00Z",
    }));
    const body = JSON.stringify({ studyParticipants });
    const { api } = await apiAnswering({ status: 200, headers: json, body });

    const result = await api.listParticipants("S_JUNO(TEST)");

    expect(body.length).toBeGreaterThan(1024 * 1024);
    expect(result.kind === "ok" && result.value.length).toBe(12_000);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

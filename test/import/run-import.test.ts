import { createServer } from "node:net";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { unwrapToken } from "../../src/client/token.js";
import { tokenPath } from "../../src/contract/paths.js";
import type { RowOutcome } from "../../src/import/outcome.js";
import { type ImportOptions, runImport } from "../../src/import/run-import.js";
import { parseFixture, type Sandbox, startSandbox } from "../../src/sandbox/index.js";
import { failureOf } from "../support/failure-of.js";

const study = "S_TEST(TEST)";
const boston = "S_T_BOS(TEST)";
const lyon = "S_T_LYO(TEST)";
const manager = { username: "dm", password: "dm-pw" };
const fastRetries = { retries: 1, baseDelayMs: 1, maxDelayMs: 5 };

const fixture = parseFixture(
  {
    studies: [
      {
        oid: study,
        name: "Test study",
        sites: [
          { oid: boston, name: "Boston" },
          { oid: lyon, name: "Lyon" },
        ],
      },
    ],
    users: [{ ...manager, roles: [{ oid: study, role: "data_manager" }] }],
    participants: [
      {
        subjectKey: "T-BOS-0001",
        siteOid: boston,
        firstName: "Orla",
        emailAddress: "orla@example.org",
      },
      { subjectKey: "T-LYO-0001", siteOid: lyon },
    ],
  },
  "the import test fixture",
);

const csv = (name: string) => join(import.meta.dirname, "../fixtures/import", name);

async function startTestSandbox(): Promise<Sandbox> {
  const sandbox = await startSandbox({ fixture, tokenCallsPerMinute: 1000 });
  onTestFinished(() => sandbox.close());
  return sandbox;
}

/** Runs an import and collects its outcomes in row order (they arrive in completion order). */
async function importFile(
  sandbox: { url: string },
  file: string,
  options: Partial<ImportOptions> = {},
) {
  const outcomes: RowOutcome[] = [];
  const summary = await runImport({
    file: csv(file),
    serverUrl: sandbox.url,
    studyOid: study,
    credentials: manager,
    retryPolicy: fastRetries,
    onOutcome: (outcome) => outcomes.push(outcome),
    ...options,
  });
  outcomes.sort((a, b) => a.row - b.row);
  return { summary, outcomes };
}

const tokenCalls = (sandbox: Sandbox) =>
  sandbox.requestLog().filter((entry) => entry.path === tokenPath);

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

describe("runImport", () => {
  it("gives each row its outcome: created, updated, invalid or conflict", async () => {
    const sandbox = await startTestSandbox();

    const { summary, outcomes } = await importFile(sandbox, "small.csv");

    expect(
      outcomes.map(({ row, participantId, outcome, errorCode, httpStatus }) => ({
        row,
        participantId,
        outcome,
        errorCode,
        httpStatus,
      })),
    ).toEqual([
      { row: 2, participantId: "T-BOS-0101", outcome: "created", errorCode: null, httpStatus: 200 },
      { row: 3, participantId: "T-BOS-0001", outcome: "updated", errorCode: null, httpStatus: 200 },
      {
        row: 4,
        participantId: "T-BOS-0102",
        outcome: "invalid",
        errorCode: "errorCode.invalidEmailAddress",
        httpStatus: null,
      },
      {
        row: 5,
        participantId: "T-LYO-0001",
        outcome: "conflict",
        errorCode: "local.participantAtOtherSite",
        httpStatus: null,
      },
      {
        row: 6,
        participantId: "t-bos-0001x",
        outcome: "created",
        errorCode: null,
        httpStatus: 200,
      },
      { row: 7, participantId: "T-LYO-0101", outcome: "created", errorCode: null, httpStatus: 200 },
    ]);
    expect(summary.rows).toBe(6);
    expect(summary.outcomes).toMatchObject({ created: 3, updated: 1, invalid: 1, conflict: 1 });
    expect(outcomes[3]?.message).toContain("S_T_LYO(TEST)");
  });

  it.each([
    {
      name: "an ID at another site",
      row: 3,
      code: "local.participantAtOtherSite",
      detail: "another site",
    },
    {
      name: "an ID in another case",
      row: 2,
      code: "local.participantIdCaseDiffers",
      detail: "T-BOS-0001",
    },
  ])("does not send $name, and names where it is", async ({ row, code, detail }) => {
    const sandbox = await startTestSandbox();

    const { outcomes } = await importFile(sandbox, "conflicts.csv");

    const outcome = outcomes.find((candidate) => candidate.row === row);
    expect(outcome).toMatchObject({ outcome: "conflict", errorCode: code, attempts: 0 });
    expect(outcome?.message).toContain(detail);
    expect(sandbox.requestLog().filter((entry) => entry.subjectKey !== undefined)).toEqual([]);
  });

  it("refuses the whole run before any row when a site does not exist", async () => {
    const sandbox = await startTestSandbox();

    const error = await failureOf(() => importFile(sandbox, "unknown-site.csv"));

    expect(error.code).toBe("refused");
    expect(error.message).toContain("S_T_NYC(TEST)");
    expect(sandbox.participants().map((p) => p.subjectKey)).not.toContain("T-BOS-0501");
  });

  it("sends nothing for an invalid row", async () => {
    const sandbox = await startTestSandbox();

    await importFile(sandbox, "small.csv");

    const keys = sandbox.participants().map((participant) => participant.subjectKey);
    expect(keys).not.toContain("T-BOS-0102");
    expect(keys).toEqual(["T-BOS-0001", "T-LYO-0001", "T-BOS-0101", "t-bos-0001x", "T-LYO-0101"]);
  });

  it("stores phone numbers in the server's format", async () => {
    const sandbox = await startTestSandbox();

    await importFile(sandbox, "small.csv");

    const phones = sandbox.participants().map((participant) => participant.phoneNumber);
    expect(phones).toEqual([undefined, undefined, "+1 6175550142", undefined, "+33 639989161"]);
  });

  it("creates on the first run and updates on the second, never duplicating", async () => {
    const sandbox = await startTestSandbox();

    const first = await importFile(sandbox, "twice.csv");
    const second = await importFile(sandbox, "twice.csv");

    expect(first.outcomes.map((o) => o.outcome)).toEqual(["created", "created", "updated"]);
    expect(second.outcomes.map((o) => o.outcome)).toEqual(["updated", "updated", "updated"]);
    const keys = sandbox.participants().map((p) => p.subjectKey.toLowerCase());
    expect(keys).toHaveLength(4);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("leaves a field unchanged when its cell is empty", async () => {
    const sandbox = await startTestSandbox();

    await importFile(sandbox, "small.csv");

    const orla = sandbox.participants().find((p) => p.subjectKey === "T-BOS-0001");
    expect(orla).toMatchObject({ firstName: "Orlaith", emailAddress: "orla@example.org" });
  });

  it("stops at a refused password after exactly one token call", async () => {
    const sandbox = await startTestSandbox();

    const error = await failureOf(() =>
      importFile(sandbox, "one-row.csv", { credentials: { username: "dm", password: "wrong" } }),
    );

    expect(error.code).toBe("login");
    expect(tokenCalls(sandbox).map((entry) => entry.status)).toEqual([401]);
    expect(sandbox.requestLog()).toHaveLength(1);
  });

  it("stops with an unreachable error when nothing listens", async () => {
    const port = await closedPort();

    const error = await failureOf(() =>
      importFile({ url: `http://127.0.0.1:${port}` }, "one-row.csv"),
    );

    expect(error.code).toBe("unreachable");
  });

  it("uses a given token without logging in", async () => {
    const sandbox = await startTestSandbox();
    const answer = await fetch(`${sandbox.url}${tokenPath}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(manager),
    });
    const token = unwrapToken(await answer.text());

    const { outcomes } = await importFile(sandbox, "one-row.csv", {
      credentials: undefined,
      token,
    });

    expect(outcomes.map((o) => o.outcome)).toEqual(["created"]);
    expect(tokenCalls(sandbox)).toHaveLength(1);
  });

  it("stops at a refused token with a login error before any row is sent", async () => {
    const sandbox = await startTestSandbox();

    const error = await failureOf(() =>
      importFile(sandbox, "one-row.csv", { credentials: undefined, token: "aaa.bbb.ccc" }),
    );

    // The listings and the pre-flight go out together, so each of them meets the 401.
    const log = sandbox.requestLog();
    expect(error.code).toBe("login");
    expect(log.length).toBeGreaterThan(0);
    expect(log.filter((entry) => entry.status !== 401)).toEqual([]);
    expect(log.filter((entry) => entry.subjectKey !== undefined)).toEqual([]);
  });

  it("reads the file through before it logs in, so a broken file sends nothing", async () => {
    const sandbox = await startTestSandbox();

    const error = await failureOf(() => importFile(sandbox, "broken.csv"));

    expect(error.code).toBe("input");
    expect(sandbox.requestLog()).toEqual([]);
    expect(sandbox.participants()).toHaveLength(2);
  });
});

import { afterEach, describe, expect, it } from "vitest";
import { studyParticipantsPath } from "../../src/contract/paths.js";
import type { Sandbox, SandboxFaults } from "../../src/sandbox/index.js";
import {
  boston,
  harbor,
  listSite,
  login,
  postParticipant,
  requestToken,
  send,
  startTestSandbox,
} from "./support.js";

let sandbox: Sandbox | undefined;

afterEach(() => sandbox?.close());

async function start(faults: SandboxFaults): Promise<[Sandbox, string]> {
  sandbox = await startTestSandbox({ faults });
  return [sandbox, await login(sandbox, "dm")];
}

const place = { studyOid: harbor, siteOid: boston };

describe("faults answered with an error", () => {
  const cases = [
    { faults: { share503: 1 }, status: 503 },
    { faults: { share500: 1 }, status: 500 },
  ];

  it.each(cases)("answers every request $status in HTML and stores nothing", async (testCase) => {
    const [server, token] = await start(testCase.faults);

    const answers = [
      await postParticipant(server, token, place, { subjectKey: "FAULT-1" }),
      await listSite(server, token, harbor, boston),
      await send(server, studyParticipantsPath(harbor), {
        headers: { authorization: `Bearer ${token}` },
      }),
    ];

    const keys = server.participants().map((participant) => participant.subjectKey);
    expect(answers.map((answer) => answer.status)).toEqual(Array(3).fill(testCase.status));
    expect(answers.every((answer) => answer.contentType.startsWith("text/html"))).toBe(true);
    expect(keys).not.toContain("FAULT-1");
    expect(server.faultCounts()[`${testCase.status}` as "503" | "500"]).toBe(3);
  });

  const tokenCases = [
    { includeTokenRoute: false, status: 200 },
    { includeTokenRoute: true, status: 503 },
  ];

  it.each(tokenCases)(
    "answers a login $status when includeTokenRoute is $includeTokenRoute",
    async ({ includeTokenRoute, status }) => {
      sandbox = await startTestSandbox({ faults: { share503: 1, includeTokenRoute } });

      const response = await requestToken(sandbox, "dm");
      await response.text();

      expect(response.status).toBe(status);
    },
  );

  it("gives the same statuses in the same order for the same seed", async () => {
    const faults = { share503: 0.3, share500: 0.3, seed: 3 };
    const statusesOf = async () => {
      const [server, token] = await start(faults);
      const statuses = [];
      for (let index = 0; index < 30; index += 1) {
        statuses.push((await listSite(server, token, harbor, boston)).status);
      }
      await server.close();
      return statuses;
    };

    const first = await statusesOf();
    const second = await statusesOf();

    expect(second).toEqual(first);
    expect(new Set(first)).toEqual(new Set([200, 500, 503]));
  });
});

describe("latencyMs", () => {
  it("delays participant requests and not the login", async () => {
    sandbox = await startTestSandbox({ faults: { latencyMs: 300 } });

    const loginStart = performance.now();
    const token = await login(sandbox, "dm");
    const loginTime = performance.now() - loginStart;
    const listStart = performance.now();
    const answer = await listSite(sandbox, token, harbor, boston);
    const listTime = performance.now() - listStart;

    expect(answer.status).toBe(200);
    expect(listTime).toBeGreaterThanOrEqual(295);
    expect(loginTime).toBeLessThan(295);
  });
});

describe("burst429", () => {
  it("refuses exactly `length` requests after every `every`, unapplied, with Retry-After", async () => {
    const [server, token] = await start({
      burst429: { every: 2, length: 3, retryAfterSeconds: 7 },
    });

    const answers = [];
    for (let index = 1; index <= 7; index += 1) {
      const response = await postParticipant(server, token, place, { subjectKey: `B-${index}` });
      answers.push(response);
    }

    const statuses = answers.map((answer) => answer.status);
    const stored = server
      .participants()
      .filter((participant) => participant.subjectKey.startsWith("B-"));
    expect(statuses).toEqual([200, 200, 429, 429, 429, 200, 200]);
    expect(stored.map((participant) => participant.subjectKey)).toEqual([
      "B-1",
      "B-2",
      "B-6",
      "B-7",
    ]);
    expect(server.faultCounts()["429"]).toBe(3);
  });

  it.each([
    { form: "seconds", retryAfterAsDate: false },
    { form: "an HTTP date", retryAfterAsDate: true },
  ])("sends Retry-After as $form", async ({ retryAfterAsDate }) => {
    const burst429 = { every: 1, length: 1, retryAfterSeconds: 2, retryAfterAsDate };
    const [server, token] = await start({ burst429 });
    const url = `${server.url}${studyParticipantsPath(harbor)}`;
    const init = { headers: { authorization: `Bearer ${token}` } };

    await (await fetch(url, init)).text();
    const before = Date.now();
    const refused = await fetch(url, init);
    await refused.text();

    const retryAfter = refused.headers.get("retry-after") ?? "";
    expect(refused.status).toBe(429);
    if (retryAfterAsDate) {
      expect(retryAfter).toMatch(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
      const wait = Date.parse(retryAfter) - before;
      expect(wait).toBeGreaterThanOrEqual(1000);
      expect(wait).toBeLessThanOrEqual(3000);
    } else {
      expect(retryAfter).toBe("2");
    }
  });
});

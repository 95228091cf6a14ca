import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sandbox } from "../../src/sandbox/index.js";
import {
  boston,
  errorCodeOf,
  harbor,
  login,
  postParticipant,
  startTestSandbox,
} from "./support.js";

/** One POST and the answer it must get, for the check-order tables of contract section 1. */
export interface CheckCase {
  name: string;
  /** The errorCode, or "ok" for a 200. */
  expected: string;
  /** Default "dm", who has a data manager role on every study. */
  user?: string;
  /** [study OID, site OID]; one OID means study level. Default Harbor's Boston site. */
  at?: [string] | [string, string];
  register?: string;
  /** Merged over a participant ID unique to the case. */
  body?: Record<string, unknown>;
}

export interface CheckTable {
  check: string;
  cases: CheckCase[];
}

/** Contract section 1 names no ID field in these cases; JSON.stringify drops `undefined`. */
export const withoutId = { subjectKey: undefined };

export const badPhone = "+16175550123";

/**
 * Runs each table against one sandbox. Every case gets its own participant ID, so a case that
 * succeeds never turns a later case into an update.
 */
export function describeCheckTables(tables: CheckTable[]): void {
  let sandbox: Sandbox;
  let caseNumber = 0;
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });

  afterAll(() => sandbox.close());

  describe.each(tables)("check $check", ({ cases }) => {
    it.each(cases)("answers $name with $expected", async (testCase) => {
      caseNumber += 1;
      const [studyOid, siteOid = studyOid] = testCase.at ?? [harbor, boston];
      const place = { studyOid, siteOid, register: testCase.register };
      const body = { subjectKey: `CASE-${caseNumber}`, ...testCase.body };
      const username = testCase.user ?? "dm";
      const token = tokens.get(username) ?? (await login(sandbox, username));
      tokens.set(username, token);

      const answer = await postParticipant(sandbox, token, place, body);

      expect(answer.status === 200 ? "ok" : errorCodeOf(answer)).toBe(testCase.expected);
    });
  });
}

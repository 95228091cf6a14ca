import { describe, expect, it } from "vitest";
import { serverCodes as codes } from "../../src/contract/codes.js";
import { badPhone, type CheckCase, describeCheckTables, withoutId } from "./check-table.js";
import {
  boston,
  closedSite,
  harbor,
  lockedStudy,
  lockedStudySite,
  login,
  lyon,
  noParticipate,
  otherSite,
  postParticipant,
  startTestSandbox,
  systemIds,
} from "./support.js";

const noStudy = "S_NONE(TEST)";
const noSite = "S_NOSITE(TEST)";

// Contract section 1, "Order of the server's checks", checks 1-4. Each table has cases in which
// an earlier check wins over a later one that would also fail.
const placeCases: CheckCase[] = [
  { name: "unknown study", at: [noStudy, boston], expected: codes.studyNotExist },
  {
    name: "unknown study and site",
    at: [noStudy, noSite],
    body: withoutId,
    expected: codes.studyNotExist,
  },
  { name: "unknown site", at: [harbor, noSite], expected: codes.siteNotExist },
  { name: "locked study", at: [lockedStudy, lockedStudySite], expected: codes.studyNotAvailable },
  { name: "locked study, study level", at: [lockedStudy], expected: codes.studyNotAvailable },
  {
    name: "locked study, foreign site",
    at: [lockedStudy, boston],
    expected: codes.studyNotAvailable,
  },
  { name: "locked site", at: [harbor, closedSite], expected: codes.siteNotAvailable },
  { name: "site of another study", at: [harbor, otherSite], expected: codes.siteNotInStudy },
  {
    name: "site before role",
    user: "nobody",
    at: [harbor, closedSite],
    expected: codes.siteNotAvailable,
  },
];

const roleCases: CheckCase[] = [
  { name: "user without roles", user: "nobody", expected: codes.noRoleSetUp },
  {
    name: "site user at another site",
    user: "crc.boston",
    at: [harbor, lyon],
    expected: codes.noRoleSetUp,
  },
  {
    name: "site user at study level",
    user: "crc.boston",
    at: [harbor],
    expected: codes.noRoleSetUp,
  },
  { name: "study monitor", user: "monitor", expected: codes.noSufficientPrivileges },
  { name: "site monitor", user: "monitor.boston", expected: codes.noSufficientPrivileges },
  {
    name: "monitor, bad phone",
    user: "monitor",
    body: { phoneNumber: badPhone },
    expected: codes.noSufficientPrivileges,
  },
  { name: "data manager at a site", expected: "ok" },
  { name: "data manager at study level", at: [harbor], expected: "ok" },
  { name: "data specialist", user: "ds", at: [harbor, lyon], expected: "ok" },
  { name: "data entry person", user: "dep", at: [harbor, lyon], expected: "ok" },
  { name: "coordinator at own site", user: "crc.boston", expected: "ok" },
  { name: "investigator at own site", user: "inv.lyon", at: [harbor, lyon], expected: "ok" },
];

const studySettingCases: CheckCase[] = [
  {
    name: "register=y, no Participate",
    at: [noParticipate],
    register: "y",
    expected: codes.participateNotEnabled,
  },
  {
    name: "register=YES, no Participate",
    at: [noParticipate],
    register: "YES",
    expected: codes.participateNotEnabled,
  },
  { name: "register=n, no Participate", at: [noParticipate], register: "n", expected: "ok" },
  { name: "register=true means no", at: [noParticipate], register: "true", expected: "ok" },
  {
    name: "Participate before system IDs",
    at: [systemIds],
    register: "y",
    expected: codes.participateNotEnabled,
  },
  { name: "system-generated IDs", at: [systemIds], expected: codes.systemGeneratedId },
  {
    name: "system IDs before missing ID",
    at: [systemIds],
    body: withoutId,
    expected: codes.systemGeneratedId,
  },
];

describeCheckTables([
  { check: "1. study and site", cases: placeCases },
  { check: "2. role", cases: roleCases },
  { check: "3-4. Participate and ID setting", cases: studySettingCases },
]);

describe("a business error", () => {
  it("is a JSON 400 with the code and both OIDs", async () => {
    const sandbox = await startTestSandbox();
    const token = await login(sandbox, "monitor");

    const answer = await postParticipant(
      sandbox,
      token,
      { studyOid: harbor, siteOid: boston },
      {
        subjectKey: "G-1",
      },
    );
    await sandbox.close();

    expect(answer.status).toBe(400);
    expect(answer.contentType).toMatch(/^application\/json/);
    expect(answer.json).toEqual({
      message: codes.noSufficientPrivileges,
      params: { studyOid: harbor, siteOid: boston },
    });
  });
});

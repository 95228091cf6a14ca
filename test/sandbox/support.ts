import {
  siteParticipantsPath,
  studyParticipantsPath,
  tokenPath,
} from "../../src/contract/paths.js";
import {
  parseFixture,
  type Sandbox,
  type SandboxFixtureInput,
  type SandboxOptions,
  startSandbox,
} from "../../src/sandbox/index.js";

/**
 * A fixture with one study for every way a POST can fail. Every user's password is the username
 * followed by `-pw`.
 */
export const harbor = "S_HARBOR(TEST)";
export const boston = "S_HRB_BOS(TEST)";
export const lyon = "S_HRB_LYON(TEST)";
export const closedSite = "S_HRB_OLD(TEST)";
export const otherStudy = "S_OTHER(TEST)";
export const otherSite = "S_OTH_ONE(TEST)";
export const lockedStudy = "S_LOCKED(TEST)";
export const lockedStudySite = "S_LCK_ONE(TEST)";
export const noParticipate = "S_NOPART(TEST)";
export const systemIds = "S_SYSID(TEST)";
export const fullStudy = "S_FULL(TEST)";
export const siteCapStudy = "S_SITECAP(TEST)";
export const cappedSite = "S_CAP_ONE(TEST)";
export const uncappedSite = "S_CAP_TWO(TEST)";

const everyStudy = [
  harbor,
  otherStudy,
  lockedStudy,
  noParticipate,
  systemIds,
  fullStudy,
  siteCapStudy,
];

export const testFixture: SandboxFixtureInput = {
  studies: [
    {
      oid: harbor,
      name: "Harbor",
      participateEnabled: true,
      enrollmentCap: { enforced: false, expectedTotal: 1 },
      sites: [
        { oid: boston, name: "Boston" },
        { oid: lyon, name: "Lyon" },
        { oid: closedSite, name: "Old", status: "locked" },
      ],
    },
    { oid: otherStudy, name: "Other", sites: [{ oid: otherSite, name: "Other one" }] },
    {
      oid: lockedStudy,
      name: "Locked",
      status: "frozen",
      sites: [{ oid: lockedStudySite, name: "Locked one" }],
    },
    { oid: noParticipate, name: "No Participate", participateEnabled: false },
    { oid: systemIds, name: "System IDs", participantIdGeneration: "systemGenerated" },
    { oid: fullStudy, name: "Full", enrollmentCap: { enforced: true, expectedTotal: 2 } },
    {
      oid: siteCapStudy,
      name: "Site cap",
      enrollmentCap: { enforced: false, expectedTotal: 1 },
      sites: [
        { oid: cappedSite, name: "Capped", enforceCap: true },
        { oid: uncappedSite, name: "Uncapped" },
      ],
    },
  ],
  users: [
    user(
      "dm",
      everyStudy.map((oid) => ({ oid, role: "data_manager" as const })),
    ),
    user("ds", [{ oid: harbor, role: "data_specialist" }]),
    user("dep", [{ oid: harbor, role: "data_entry_person" }]),
    user("crc.boston", [{ oid: boston, role: "clinical_research_coordinator" }]),
    user("inv.lyon", [{ oid: lyon, role: "investigator" }]),
    user("monitor", [{ oid: harbor, role: "monitor" }]),
    user("monitor.boston", [{ oid: boston, role: "monitor" }]),
    user("nobody", []),
  ],
  participants: [
    { subjectKey: "HH-BOS-0001", siteOid: boston, firstName: "Orla", phoneNumber: "+1 6175550101" },
    { subjectKey: "HH-LYO-0001", siteOid: lyon },
    { subjectKey: "HH-BOS-0099", siteOid: boston, status: "DELETED" },
    { subjectKey: "HH-BOS-0098", siteOid: boston, status: "auto_deleted" },
    { subjectKey: "HH-STUDY-01", siteOid: harbor },
    { subjectKey: "FULL-1", siteOid: fullStudy, status: "AVAILABLE" },
    { subjectKey: "FULL-2", siteOid: fullStudy, status: "signed" },
    { subjectKey: "FULL-GONE", siteOid: fullStudy, status: "DELETED" },
    { subjectKey: "CAP-1", siteOid: uncappedSite },
  ],
};

export function startTestSandbox(options: Partial<SandboxOptions> = {}): Promise<Sandbox> {
  return startSandbox({
    fixture: parseFixture(testFixture, "the test fixture"),
    tokenCallsPerMinute: 1000,
    ...options,
  });
}

export function requestToken(sandbox: Sandbox, username: string, password = `${username}-pw`) {
  return fetch(`${sandbox.url}${tokenPath}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password }),
  });
}

/** Logs in and unwraps the quoted token, as a client must (contract section 2). */
export async function login(sandbox: Sandbox, username: string): Promise<string> {
  const response = await requestToken(sandbox, username);
  const text = await response.text();

  if (response.status !== 200) {
    throw new Error(`Login of ${username} answered ${response.status}.`);
  }

  return text.replace(/^"|"$/g, "");
}

export interface Answer {
  status: number;
  contentType: string;
  text: string;
  json: unknown;
}

export async function postParticipant(
  sandbox: Sandbox,
  token: string,
  place: { studyOid: string; siteOid: string; register?: string },
  body: unknown,
  init: RequestInit = {},
): Promise<Answer> {
  const query = place.register === undefined ? "" : `?register=${place.register}`;
  const path = siteParticipantsPath(place.studyOid, place.siteOid) + query;

  return send(sandbox, path, {
    ...init,
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

export function listSite(sandbox: Sandbox, token: string, studyOid: string, siteOid: string) {
  return send(sandbox, siteParticipantsPath(studyOid, siteOid), bearer(token));
}

export function listStudy(sandbox: Sandbox, token: string, studyOid: string) {
  return send(sandbox, studyParticipantsPath(studyOid), bearer(token));
}

export async function send(
  sandbox: Sandbox,
  path: string,
  init: RequestInit = {},
): Promise<Answer> {
  const response = await fetch(`${sandbox.url}${path}`, init);
  const text = await response.text();
  const contentType = response.headers.get("content-type") ?? "";

  return {
    status: response.status,
    contentType,
    text,
    json: contentType.startsWith("application/json") ? JSON.parse(text) : undefined,
  };
}

/** The errorCode of a 400 business error, or undefined for any other answer. */
export function errorCodeOf(answer: Answer): string | undefined {
  const json = answer.json as { message?: unknown } | undefined;
  return answer.status === 400 && typeof json?.message === "string" ? json.message : undefined;
}

function bearer(token: string): RequestInit {
  return { headers: { authorization: `Bearer ${token}` } };
}

function user(username: string, roles: NonNullable<SandboxFixtureInput["users"]>[number]["roles"]) {
  return { username, password: `${username}-pw`, roles };
}

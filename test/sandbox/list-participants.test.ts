import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serverCodes as codes } from "../../src/contract/codes.js";
import type { Sandbox } from "../../src/sandbox/index.js";
import {
  type Answer,
  boston,
  closedSite,
  errorCodeOf,
  harbor,
  listSite,
  listStudy,
  login,
  lyon,
  postParticipant,
  startTestSandbox,
} from "./support.js";

interface Listing {
  studyParticipants: Record<string, unknown>[];
  siteOID: string;
  siteName: string;
}

const listingKeys = [
  "createdAt",
  "createdBy",
  "lastModified",
  "lastModifiedBy",
  "status",
  "subjectKey",
  "subjectOid",
];

const keysOf = (answer: Answer) =>
  (answer.json as Listing).studyParticipants.map((participant) => participant.subjectKey);

describe("GET participants", () => {
  let sandbox: Sandbox;
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    sandbox = await startTestSandbox();

    for (const username of ["dm", "crc.boston", "monitor", "monitor.boston", "nobody"]) {
      tokens.set(username, await login(sandbox, username));
    }
  });

  afterAll(() => sandbox.close());

  const tokenOf = (username: string) => tokens.get(username) ?? "";

  it("lists a site's participants, removed ones included, without contact fields", async () => {
    const answer = await listSite(sandbox, tokenOf("crc.boston"), harbor, boston);

    expect(answer.status).toBe(200);
    const listing = answer.json as Listing;
    expect(listing.siteOID).toBe(boston);
    expect(listing.siteName).toBe("Boston");
    expect(keysOf(answer)).toEqual(["HH-BOS-0001", "HH-BOS-0099", "HH-BOS-0098"]);
    expect(listing.studyParticipants.map((participant) => participant.status)).toEqual([
      "AVAILABLE",
      "DELETED",
      "auto_deleted",
    ]);
    for (const participant of listing.studyParticipants) {
      expect(Object.keys(participant).sort()).toEqual(listingKeys);
    }
  });

  it("lists every site of the study at study level", async () => {
    const answer = await listStudy(sandbox, tokenOf("dm"), harbor);

    expect(answer.status).toBe(200);
    expect((answer.json as Listing).siteOID).toBe(harbor);
    expect(keysOf(answer)).toEqual(
      expect.arrayContaining(["HH-BOS-0001", "HH-BOS-0099", "HH-LYO-0001", "HH-STUDY-01"]),
    );
  });

  it("lists only the study's own level when the site OID is the study OID", async () => {
    const answer = await listSite(sandbox, tokenOf("dm"), harbor, harbor);

    expect(keysOf(answer)).toEqual(["HH-STUDY-01"]);
  });

  it("shows a participant created since the start, with its creator", async () => {
    const token = tokenOf("crc.boston");
    await postParticipant(
      sandbox,
      token,
      { studyOid: harbor, siteOid: boston },
      {
        subjectKey: "HH-BOS-0100",
      },
    );

    const answer = await listSite(sandbox, token, harbor, boston);

    const listed = (answer.json as Listing).studyParticipants.at(-1);
    expect(listed).toMatchObject({ subjectKey: "HH-BOS-0100", createdBy: "crc.boston" });
  });

  // Contract section 3: the same study, site and role checks as the POST; a monitor may read.
  const cases = [
    { name: "a study monitor, site", user: "monitor", at: [harbor, lyon], expected: "ok" },
    { name: "a study monitor, study", user: "monitor", at: [harbor], expected: "ok" },
    {
      name: "a site monitor, own site",
      user: "monitor.boston",
      at: [harbor, boston],
      expected: "ok",
    },
    {
      name: "a site user, other site",
      user: "crc.boston",
      at: [harbor, lyon],
      expected: codes.noRoleSetUp,
    },
    { name: "a site user, study", user: "crc.boston", at: [harbor], expected: codes.noRoleSetUp },
    {
      name: "a user without roles",
      user: "nobody",
      at: [harbor, boston],
      expected: codes.noRoleSetUp,
    },
    { name: "an unknown study", user: "dm", at: ["S_NONE(TEST)"], expected: codes.studyNotExist },
    {
      name: "an unknown site",
      user: "dm",
      at: [harbor, "S_NONE(TEST)"],
      expected: codes.siteNotExist,
    },
    {
      name: "a locked site",
      user: "nobody",
      at: [harbor, closedSite],
      expected: codes.siteNotAvailable,
    },
  ];

  it.each(cases)("answers $name with $expected", async ({ user, at, expected }) => {
    const [studyOid = "", siteOid] = at;

    const answer =
      siteOid === undefined
        ? await listStudy(sandbox, tokenOf(user), studyOid)
        : await listSite(sandbox, tokenOf(user), studyOid, siteOid);

    expect(answer.status === 200 ? "ok" : errorCodeOf(answer)).toBe(expected);
  });
});

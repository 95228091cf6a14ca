import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Sandbox, SandboxParticipant } from "../../src/sandbox/index.js";
import { boston, harbor, login, lyon, postParticipant, send, startTestSandbox } from "./support.js";

const atBoston = { studyOid: harbor, siteOid: boston };

describe("POST participant upsert", () => {
  let sandbox: Sandbox;
  let token: string;

  beforeEach(async () => {
    sandbox = await startTestSandbox();
    token = await login(sandbox, "crc.boston");
  });

  afterEach(() => sandbox.close());

  const find = (subjectKey: string): SandboxParticipant | undefined =>
    sandbox.participants().find((participant) => participant.subjectKey === subjectKey);

  it("creates a participant and answers its OID and status", async () => {
    const answer = await postParticipant(sandbox, token, atBoston, {
      subjectKey: "HH-NEW-0001",
      firstName: "Ada",
    });

    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({
      subjectKey: "HH-NEW-0001",
      subjectOid: "SS_HHNEW000",
      status: "AVAILABLE",
      participateStatus: "",
    });
    expect(find("HH-NEW-0001")).toMatchObject({
      studyOid: harbor,
      siteOid: boston,
      firstName: "Ada",
      createdBy: "crc.boston",
    });
  });

  it("updates the same participant when the ID differs only in case", async () => {
    await postParticipant(sandbox, token, atBoston, {
      subjectKey: "HH-NEW-0002",
      firstName: "Ada",
    });

    const answer = await postParticipant(sandbox, token, atBoston, {
      subjectKey: "hh-new-0002",
      lastName: "Byron",
    });

    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ subjectKey: "HH-NEW-0002", subjectOid: "SS_HHNEW000" });
    const matching = sandbox
      .participants()
      .filter((participant) => participant.subjectKey.toUpperCase() === "HH-NEW-0002");
    expect(matching).toHaveLength(1);
    expect(matching[0]).toMatchObject({ firstName: "Ada", lastName: "Byron" });
  });

  it("adds a random suffix when two IDs share an OID", async () => {
    await postParticipant(sandbox, token, atBoston, { subjectKey: "HH-NEW-0003" });

    const answer = await postParticipant(sandbox, token, atBoston, { subjectKey: "HH-NEW-0004" });

    expect(answer.json).toMatchObject({
      subjectOid: expect.stringMatching(/^SS_HHNEW000_\d{3,}$/),
    });
  });

  it("marks a registered participant Created", async () => {
    const answer = await postParticipant(
      sandbox,
      token,
      { ...atBoston, register: "y" },
      {
        subjectKey: "HH-NEW-0005",
      },
    );

    expect(answer.json).toMatchObject({ participateStatus: "Created" });
  });

  it("adds at study level when the site OID is the study OID", async () => {
    const dmToken = await login(sandbox, "dm");

    const answer = await postParticipant(
      sandbox,
      dmToken,
      { studyOid: harbor, siteOid: harbor },
      {
        subjectKey: "HH-STUDY-02",
      },
    );

    expect(answer.status).toBe(200);
    expect(find("HH-STUDY-02")).toMatchObject({ studyOid: harbor, siteOid: harbor });
  });

  it("ignores unknown fields", async () => {
    const answer = await postParticipant(sandbox, token, atBoston, {
      subjectKey: "HH-NEW-0006",
      favouriteColour: "teal",
    });

    expect(answer.status).toBe(200);
    expect(find("HH-NEW-0006")).not.toHaveProperty("favouriteColour");
  });

  it("leaves a removed participant as it was", async () => {
    const before = find("HH-BOS-0099");

    await postParticipant(sandbox, token, atBoston, {
      subjectKey: "HH-BOS-0099",
      firstName: "Ada",
    });

    expect(find("HH-BOS-0099")).toEqual(before);
  });

  it("answers the same for encoded and raw parentheses in OIDs", async () => {
    const path =
      "/pages/auth/api/clinicaldata/studies/S_HARBOR(TEST)/sites/S_HRB_BOS(TEST)/participants";

    const answer = await send(sandbox, path, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ subjectKey: "HH-NEW-0007" }),
    });
    await postParticipant(sandbox, token, atBoston, { subjectKey: "HH-NEW-0008" });

    expect(answer.status).toBe(200);
    expect(
      sandbox
        .requestLog()
        .map((entry) => entry.path)
        .slice(-2),
    ).toEqual([
      path,
      "/pages/auth/api/clinicaldata/studies/S_HARBOR%28TEST%29/sites/S_HRB_BOS%28TEST%29/participants",
    ]);
  });
});

// Contract section 1, "Body fields": absent or null leaves a field unchanged, "" clears it.
const updateCases = [
  { name: "an absent field", body: {}, expected: { firstName: "Orla" } },
  { name: "a null field", body: { firstName: null }, expected: { firstName: "Orla" } },
  { name: "an empty field", body: { firstName: "" }, expected: { firstName: undefined } },
  { name: "a new value", body: { firstName: "Ada" }, expected: { firstName: "Ada" } },
  {
    name: "one field of two",
    body: { phoneNumber: "" },
    expected: { firstName: "Orla", phoneNumber: undefined },
  },
];

describe("POST participant update", () => {
  it.each(updateCases)("applies $name", async ({ body, expected }) => {
    const sandbox = await startTestSandbox();
    const token = await login(sandbox, "inv.lyon");

    // The update comes from Lyon for a Boston participant: the lookup spans the whole study.
    const answer = await postParticipant(
      sandbox,
      token,
      { studyOid: harbor, siteOid: lyon },
      {
        subjectKey: "hh-bos-0001",
        ...body,
      },
    );
    const updated = sandbox
      .participants()
      .find((participant) => participant.subjectKey === "HH-BOS-0001");
    await sandbox.close();

    expect(answer.status).toBe(200);
    expect(updated).toMatchObject({ siteOid: boston, lastModifiedBy: "inv.lyon" });
    for (const [field, value] of Object.entries(expected)) {
      expect(updated?.[field as keyof SandboxParticipant]).toBe(value);
    }
  });
});

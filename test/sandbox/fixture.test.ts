import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadFixture, parseFixture } from "../../src/sandbox/index.js";
import { testFixture } from "./support.js";

const samplePath = new URL("../../samples/sandbox-study.json", import.meta.url).pathname;

// Each case changes the test fixture at dotted key paths (undefined deletes the key), and the
// error must name each of those keys as `studies[0].sites[1].oid`.
const cases: { name: string; set: Record<string, unknown> }[] = [
  { name: "an unknown top-level key", set: { colour: "teal" } },
  { name: "an unknown site key", set: { "studies.0.sites.1.capacity": 3 } },
  { name: "two unknown keys", set: { "users.0.email": "x", "participants.0.dob": "x" } },
  { name: "a missing study OID", set: { "studies.0.oid": undefined } },
  { name: "no studies", set: { studies: [] } },
  { name: "a misspelt role", set: { "users.1.roles.0.role": "admin" } },
  { name: "an unknown ID setting", set: { "studies.0.participantIdGeneration": "auto" } },
  { name: "a cap given as text", set: { "studies.0.enrollmentCap.expectedTotal": "400" } },
  { name: "a malformed OID", set: { "studies.1.oid": "S OTHER" } },
  { name: "a zero token limit", set: { "limits.tokenCallsPerMinute": 0 } },
  { name: "an unknown fault key", set: { "faults.jitter": 5 } },
  { name: "an unknown burst key", set: { "faults.burst429.size": 3 } },
  { name: "a fault share above 1", set: { "faults.share503": 2 } },
  { name: "a role on an unknown OID", set: { "users.1.roles.0.oid": "S_NONE" } },
  { name: "a participant at an unknown site", set: { "participants.1.siteOid": "S_NONE" } },
  { name: "a site OID used twice", set: { "studies.0.sites.1.oid": "S_HRB_BOS(TEST)" } },
  { name: "a username used twice", set: { "users.1.username": "dm" } },
  { name: "an ID used twice in any case", set: { "participants.1.subjectKey": "hh-bos-0001" } },
  { name: "a participant with a bad phone", set: { "participants.0.phoneNumber": "555" } },
  { name: "a site cap without a study cap", set: { "studies.1.sites.0.enforceCap": true } },
];

describe("parseFixture", () => {
  it.each(cases)("names the key of $name", ({ set }) => {
    const fixture: unknown = structuredClone(testFixture);
    for (const [path, value] of Object.entries(set)) {
      setAt(fixture, path.split("."), value);
    }

    const parse = () => parseFixture(fixture, "broken.json");

    expect(parse).toThrow(expect.objectContaining({ code: "usage" }));
    expect(parse).toThrow("broken.json");
    for (const path of Object.keys(set)) {
      expect(parse).toThrow(`${path.replace(/\.(\d+)/g, "[$1]")}:`);
    }
  });

  it("fills in the defaults", () => {
    const fixture = parseFixture({ studies: [{ oid: "S_A", name: "A" }] }, "small.json");

    expect(fixture).toEqual({
      studies: [
        {
          oid: "S_A",
          name: "A",
          status: "available",
          participateEnabled: false,
          participantIdGeneration: "manual",
          sites: [],
        },
      ],
      users: [],
      participants: [],
    });
  });
});

describe("loadFixture", () => {
  it("loads the sample study", async () => {
    const fixture = await loadFixture(samplePath);

    expect(fixture.studies.map((study) => study.oid)).toEqual(["S_HARBOR(TEST)"]);
    expect(fixture.users.map((user) => user.username)).toEqual([
      "dm.sandbox",
      "crc.boston",
      "monitor.sandbox",
    ]);
    expect(fixture.participants).toHaveLength(8);
    expect(fixture.limits).toEqual({ tokenCallsPerMinute: 2 });
  });

  const unreadable = [
    { name: "a missing file", file: "missing.json", text: undefined },
    { name: "broken JSON", file: "broken.json", text: '{"studies": [' },
    { name: "a valid JSON but wrong fixture", file: "wrong.json", text: '{"studies": 1}' },
  ];

  it.each(unreadable)("refuses $name as a usage error naming the file", async ({ file, text }) => {
    const directory = await mkdtemp(join(tmpdir(), "sandbox-fixture-"));
    const path = join(directory, file);
    if (text !== undefined) await writeFile(path, text);

    const error = await loadFixture(path).catch((caught: unknown) => caught);

    expect(error).toMatchObject({ code: "usage", message: expect.stringContaining(path) });
  });
});

function setAt(target: unknown, path: string[], value: unknown): void {
  const [key = "", ...rest] = path;
  const record = target as Record<string, unknown>;

  if (rest.length > 0) {
    record[key] ??= {};
    setAt(record[key], rest, value);
  } else if (value === undefined) {
    delete record[key];
  } else {
    record[key] = value;
  }
}

import { writeFileSync } from "node:fs";
import { expect, onTestFinished } from "vitest";
import type { RowOutcome } from "../../src/import/outcome.js";
import { type ImportOptions, runImport } from "../../src/import/run-import.js";
import { createRandom } from "../../src/sandbox/faults/random.js";
import type {
  FaultKind,
  Sandbox,
  SandboxOptions,
  SandboxParticipant,
  SandboxRequest,
} from "../../src/sandbox/index.js";
import { scratchPath } from "../cli/support.js";
import { boston, harbor, lyon, startTestSandbox, testFixture } from "../sandbox/support.js";

export const manager = { username: "dm", password: "dm-pw" };

/** Fast enough for thousands of rows, patient enough that a 10 % fault share never runs out. */
export const fastRetries = { retries: 8, baseDelayMs: 1, maxDelayMs: 20 };

/** What the server answered to a request that it is worth sending again (issue 4, "Retries"). */
export const retryableFaults = new Set<FaultKind>([
  "503",
  "429",
  "reset-before",
  "reset-after",
  "lost-response",
]);

/**
 * A fault seed under which the first `count` requests draw none of the faults whose shares add
 * up to `share` (each request draws once, in order of arrival: see `decideFault`). A run's setup
 * (the study's listings and the pre-flight) then goes through whole: a 500 there stops a run
 * before its first write, which is another test's business, not a fault table's.
 */
export function quietStartSeed(share: number, count = 10): number {
  for (let seed = 1; ; seed++) {
    const draw = createRandom(seed);
    if (Array.from({ length: count }, draw).every((value) => value >= share)) return seed;
  }
}

/** One data row of a generated file, as the test planned it. */
export interface PlannedRow {
  row: number;
  participantId: string;
  siteOid: string;
  /** False when local checks refuse the row, so it must never be sent. */
  valid: boolean;
}

export interface GeneratedFile {
  path: string;
  rows: PlannedRow[];
  valid: PlannedRow[];
}

/**
 * Writes a participant CSV of `count` data rows at two sites of `harbor`, with contact fields.
 * Every 400 rows, three are refused by local checks: a bad email, an ID too long, and an ID
 * that repeats an earlier one in another case (the server looks IDs up case-insensitively).
 */
export function writeParticipants(name: string, count: number, prefix = "LOAD"): GeneratedFile {
  const lines = ["Participant ID,Site OID,First Name,Last Name,Email,Mobile"];
  const rows: PlannedRow[] = [];

  for (let index = 1; index <= count; index++) {
    const id = `${prefix}-${String(index).padStart(5, "0")}`;
    const siteOid = index % 2 === 0 ? boston : lyon;
    const phone = `+1 6175550${100 + (index % 100)}`;
    let participantId = id;
    let email = `p${index}@example.org`;
    let valid = true;

    if (index % 400 === 7) {
      email = `p${index}@localhost`;
      valid = false;
    } else if (index % 400 === 9) {
      participantId = `${id}-${"X".repeat(30)}`;
      valid = false;
    } else if (index % 400 === 11) {
      participantId = rows[rows.length - 5]?.participantId.toLowerCase() ?? id;
      valid = false;
    }

    lines.push([participantId, siteOid, `Ann${index}`, "Byron", email, phone].join(","));
    rows.push({ row: index + 1, participantId, siteOid, valid });
  }

  const path = scratchPath(name);
  writeFileSync(path, `${lines.join("\n")}\n`);
  return { path, rows, valid: rows.filter((row) => row.valid) };
}

/** A sandbox of the shared test fixture, closed when the test ends. */
export async function startSandboxForTest(options: Partial<SandboxOptions> = {}): Promise<Sandbox> {
  const sandbox = await startTestSandbox(options);
  onTestFinished(() => sandbox.close());
  return sandbox;
}

/** Imports a file into `harbor` as the data manager and collects the outcomes in row order. */
export async function importInto(
  sandbox: { url: string },
  file: string,
  options: Partial<ImportOptions> = {},
) {
  const outcomes: RowOutcome[] = [];
  const summary = await runImport({
    file,
    serverUrl: sandbox.url,
    studyOid: harbor,
    credentials: manager,
    retryPolicy: fastRetries,
    timeoutMs: 5000,
    concurrency: 12,
    ...options,
    onOutcome: (outcome) => {
      outcomes.push(outcome);
      options.onOutcome?.(outcome);
    },
  });
  outcomes.sort((a, b) => a.row - b.row);
  return { summary, outcomes };
}

/** Every POST of a participant, by lower-cased participant ID, in the order the sandbox logged them. */
export function postsByParticipant(log: readonly SandboxRequest[]): Map<string, SandboxRequest[]> {
  const posts = new Map<string, SandboxRequest[]>();

  for (const entry of log) {
    if (entry.method !== "POST" || entry.subjectKey === undefined) continue;
    const key = entry.subjectKey.toLowerCase();
    posts.set(key, [...(posts.get(key) ?? []), entry]);
  }

  return posts;
}

export const participantPosts = (log: readonly SandboxRequest[]) =>
  log.filter((entry) => entry.method === "POST" && entry.subjectKey !== undefined);

/** The participants the shared fixture starts with, lower-cased. */
export const fixtureKeys = (testFixture.participants ?? []).map((p) => p.subjectKey.toLowerCase());

/** Asserts that `outcomes` holds exactly one outcome for each planned row. */
export function expectOneOutcomePerRow(outcomes: RowOutcome[], file: GeneratedFile): void {
  expect(outcomes.map((outcome) => outcome.row)).toEqual(file.rows.map((row) => row.row));
}

/**
 * Asserts that the sandbox holds the fixture's participants and exactly the given IDs besides,
 * each once, compared without case as the server compares them.
 */
export function expectStoredOnce(participants: SandboxParticipant[], ids: Iterable<string>): void {
  const stored = participants.map((participant) => participant.subjectKey.toLowerCase());
  const expected = [...fixtureKeys, ...[...ids].map((id) => id.toLowerCase())];

  expect(stored.length).toBe(new Set(stored).size);
  expect([...stored].sort()).toEqual([...expected].sort());
}

import { fileURLToPath } from "node:url";
import type { Credentials } from "../client/login.js";
import { usageError } from "../errors.js";
import { loadFixture, type SandboxFixture, startSandbox } from "../sandbox/index.js";

/** The sample study that `import --sandbox` and `sandbox` serve when given no fixture. */
export const sampleFixturePath = fileURLToPath(
  new URL("../../samples/sandbox-study.json", import.meta.url),
);

export interface SandboxTarget {
  serverUrl: string;
  studyOid: string;
  credentials: Credentials;
  close(): Promise<void>;
}

const studyLevelAdders = new Set(["data_manager", "data_specialist", "data_entry_person"]);

/**
 * Starts a sandbox in this process on a free loopback port, for `import --sandbox`. Unless the
 * user names a study and an account, it uses the fixture's first study and its first user who
 * may add participants at study level, so that the quick start needs no setup.
 */
export async function startSandboxTarget(options: {
  fixturePath?: string;
  studyOid?: string;
  credentials?: Credentials;
}): Promise<SandboxTarget & { fixture: SandboxFixture }> {
  const fixture = await loadFixture(options.fixturePath ?? sampleFixturePath);
  const studyOid = options.studyOid ?? fixture.studies[0]?.oid;

  if (studyOid === undefined) {
    throw usageError('The sandbox fixture has no study. Add one under "studies".');
  }

  const user = fixture.users.find((candidate) =>
    candidate.roles.some((role) => role.oid === studyOid && studyLevelAdders.has(role.role)),
  );
  const credentials =
    options.credentials ??
    (user === undefined ? undefined : { username: user.username, password: user.password });

  if (credentials === undefined) {
    throw usageError(
      `The sandbox fixture has no user who may add participants to ${studyOid}; set OC_USERNAME and OC_PASSWORD.`,
    );
  }

  const sandbox = await startSandbox({ fixture });
  return { fixture, serverUrl: sandbox.url, studyOid, credentials, close: () => sandbox.close() };
}

import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { SandboxFixtureInput } from "../../src/sandbox/index.js";
import { completeLines } from "../cli/child.js";
import { bin, scratch } from "../cli/support.js";
import { boston, harbor, lyon, testFixture } from "../sandbox/support.js";

/** Secrets no run may print or write, whatever fails. */
export const password = "CANARY-PW-7f3a91";
export const givenToken = "CANARY-TOKEN-2b8d40";

/** A user of the canary fixture, whose password is the canary, so that its login succeeds. */
export const canaryUser = "canary.dm";

/**
 * Contact details of the canary file, as typed and as the tool would send them. None may reach
 * a report or the terminal; each is unusual enough that a hit can only be a leak.
 */
export const contacts = {
  firstName: "Zebulonia",
  lastName: "Quillfeather",
  secondaryId: "SEC-CANARY-4471",
  email: "zebulonia.q@example.org",
  phone: "+1 (617) 555-0173",
  sentPhone: "6175550173",
  badEmail: "zebulonia quill@example",
  badPhone: "+1 999 4417 3302",
};

const contactCanaries = [
  contacts.firstName,
  contacts.lastName,
  contacts.secondaryId,
  "zebulonia.q",
  "zebulonia quill",
  "555-0173",
  contacts.sentPhone,
  "4417 3302",
  "44173302",
];

export const spyModule = join(import.meta.dirname, "spy.mjs");

/** The test fixture, with a user who logs in with the canary password. */
export const canaryFixture: SandboxFixtureInput = {
  ...testFixture,
  users: [
    ...(testFixture.users ?? []),
    { username: canaryUser, password, roles: [{ oid: harbor, role: "data_manager" }] },
  ],
  limits: { tokenCallsPerMinute: 1000 },
};

const inputs = join(scratch, "leak-inputs");
mkdirSync(inputs, { recursive: true });

export const fixturePath = join(inputs, "canary-fixture.json");
writeFileSync(fixturePath, JSON.stringify(canaryFixture));

/**
 * A participant file with every contact canary in each row: the first rows valid, then a bad
 * email and a bad phone, whose messages must name the field, not quote the value. Kept out of
 * the runs' own directories, which must end up free of contact details.
 */
export function writeCanaryFile(name: string, count: number): string {
  const lines = ["Participant ID,Site OID,First Name,Last Name,Secondary ID,Email,Mobile"];
  const { firstName, lastName, secondaryId, email, phone, badEmail, badPhone } = contacts;

  for (let index = 1; index <= count; index++) {
    const id = `LEAK-${String(index).padStart(4, "0")}`;
    const site = index % 2 === 0 ? boston : lyon;
    const mail = index === 2 ? badEmail : email;
    const mobile = index === 3 ? badPhone : phone;
    lines.push(`${id},${site},${firstName},${lastName},${secondaryId},${mail},"${mobile}"`);
  }

  const path = join(inputs, name);
  writeFileSync(path, `${lines.join("\n")}\n`);
  return path;
}

export interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface ChildOptions {
  cwd: string;
  env: Record<string, string>;
  stdin?: string;
  /** Once `report` has `lines` complete lines (or stderr shows `text`), `act` is called. */
  when?: { report?: string; lines?: number; text?: string; act: (kill: Kill) => unknown };
}

type Kill = (signal: NodeJS.Signals) => void;

/** Runs the built CLI with only the given environment (no OC_ variable of the test's own). */
export function runChild(args: string[], options: ChildOptions): Promise<ChildRun> {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(OC_|NODE_DEBUG|NODE_OPTIONS)/.test(name)),
  );
  const child = spawn(process.execPath, [bin, ...args], {
    cwd: options.cwd,
    env: { ...inherited, NO_COLOR: "1", ...options.env },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString("utf8");
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  child.stdin.end(options.stdin ?? "");

  const { when } = options;
  let acted = false;
  const timer = setInterval(() => {
    if (when === undefined || acted) return;
    const ready =
      when.text !== undefined
        ? stderr.includes(when.text)
        : completeLines(when.report ?? "") >= (when.lines ?? 1);
    if (!ready) return;
    acted = true;
    void when.act((signal) => child.kill(signal));
  }, 10);
  const deadline = setTimeout(() => child.kill("SIGKILL"), 25_000);

  return new Promise((resolve) => {
    child.on("close", (code, signal) => {
      clearInterval(timer);
      clearTimeout(deadline);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** The tokens the spy saw the CLI receive from a login or send in a header. */
export function spiedTokens(spyFile: string): string[] {
  if (!existsSync(spyFile)) return [];
  const lines = readFileSync(spyFile, "utf8").split("\n").filter(Boolean);
  const tokens = lines.map((line) => line.replace(/^(sent|received) /, "").replace(/^"|"$/g, ""));
  return [...new Set(tokens)];
}

export interface Leak {
  where: string;
  canary: string;
}

/**
 * Every place where a secret or a contact detail shows: stdout, stderr, and each file of the
 * run's directory (reports, run states, temporaries, anything). A JWT-shaped string counts too,
 * whoever issued it.
 */
export function findLeaks(run: ChildRun, runDir: string, tokens: readonly string[]): Leak[] {
  const places: [string, string][] = [
    ["stdout", run.stdout],
    ["stderr", run.stderr],
    ...filesUnder(runDir).map((path): [string, string] => [path, readFileSync(path, "latin1")]),
  ];
  const secrets = [password, givenToken, ...tokens];
  const leaks: Leak[] = [];

  for (const [where, text] of places) {
    for (const canary of secrets) if (text.includes(canary)) leaks.push({ where, canary });
    for (const canary of contactCanaries) {
      if (text.toLowerCase().includes(canary.toLowerCase())) leaks.push({ where, canary });
    }
    if (/eyJ[\w-]+\.eyJ[\w-]+\./.test(text)) leaks.push({ where, canary: "a JWT" });
  }
  return leaks;
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

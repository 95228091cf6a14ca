import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  parseFixture,
  type Sandbox,
  type SandboxOptions,
  startSandbox,
} from "../../src/sandbox/index.js";
import { closedPort, scratch } from "../cli/support.js";
import { harbor, requestToken } from "../sandbox/support.js";
import {
  type ChildOptions,
  canaryFixture,
  canaryUser,
  contacts,
  findLeaks,
  fixturePath,
  givenToken,
  password,
  runChild,
  spiedTokens,
  spyModule,
  writeCanaryFile,
} from "./support.js";

/**
 * Issue #8: every command, through every way a run can fail, with a known fake password and
 * token and a file full of contact details. After each run, neither secret (nor any token the
 * sandbox issued) and no contact detail may show on stdout, stderr or in any file of the run.
 */

interface Context {
  url: string;
  small: string;
  big: string;
  report: string;
  runDir: string;
  sandbox: Sandbox | undefined;
}

interface LeakCase {
  name: string;
  args: (context: Context) => string[];
  env?: Record<string, string>;
  stdin?: string;
  /** An in-process sandbox for the run, with these options. */
  sandbox?: Partial<SandboxOptions>;
  /** Requests made before the run (to use up a burst's free request, say). */
  prime?: (sandbox: Sandbox) => Promise<unknown>;
  when?: (context: Context) => ChildOptions["when"];
  /** A failure the spy forces in the CLI's process (see spy.mjs). */
  crash?: "action" | "uncaught" | "rejection";
  codes: number[];
}

const asCanary = { OC_USERNAME: canaryUser, OC_PASSWORD: password };
/** A given token the server refuses, then the canary password's login: both secrets in play. */
const everything = { ...asCanary, OC_TOKEN: givenToken };
const debugAll = { NODE_DEBUG: "oc-participants,undici,http,net,fetch" };
const sandboxArgs = ["--sandbox", "--fixture", fixturePath];
const fast = ["--retries", "1", "--timeout", "2"];

const inputs = join(scratch, "leak-inputs");
const small = writeCanaryFile("small.csv", 6);
const big = writeCanaryFile("big.csv", 300);

function writeInput(name: string, content: string, mode = 0o600): string {
  const path = join(inputs, name);
  writeFileSync(path, content);
  chmodSync(path, mode);
  return path;
}

const serverArgs = (c: Context) => ["--server", c.url, "--study", harbor, ...fast];
const importAt = (c: Context, ...rest: string[]) => [
  "import",
  c.small,
  ...serverArgs(c),
  "--report",
  c.report,
  ...rest,
];
const slowImport = (c: Context) => [
  "import",
  c.big,
  ...serverArgs(c),
  "--concurrency",
  "1",
  "--report",
  c.report,
];
const afterLines = (act: (kill: (signal: NodeJS.Signals) => void, c: Context) => unknown) => {
  return (c: Context): ChildOptions["when"] => ({
    report: c.report,
    lines: 5,
    act: (kill) => act(kill, c),
  });
};

const cases: LeakCase[] = [
  // Commands that need no server.
  {
    name: "validate",
    args: (c) => ["validate", c.small, "--report", c.report],
    env: everything,
    codes: [1],
  },
  {
    name: "validate --json --verbose, debug on",
    args: (c) => ["validate", c.small, "--report", c.report, "--json", "--verbose"],
    env: { ...everything, ...debugAll },
    codes: [1],
  },
  { name: "--help", args: () => ["--help"], env: everything, codes: [0] },
  { name: "import --help", args: () => ["import", "--help"], env: everything, codes: [0] },
  { name: "--version", args: () => ["--version"], env: everything, codes: [0] },
  { name: "no arguments", args: () => [], env: everything, codes: [2] },
  {
    name: "the password as a command",
    args: () => [password, "--json"],
    env: everything,
    codes: [2],
  },

  // Secrets on the command line, with nothing in the environment to redact them by.
  {
    name: "--password=",
    args: (c) => ["import", c.small, `--password=${password}`, "--json"],
    codes: [2],
  },
  { name: "--password VALUE", args: (c) => ["plan", c.small, "--password", password], codes: [2] },
  { name: "-p VALUE", args: (c) => ["import", c.small, "-p", password, "--json"], codes: [2] },
  { name: "--token=", args: (c) => ["import", c.small, `--token=${givenToken}`], codes: [2] },
  {
    name: "a misspelt --pasword=",
    args: (c) => ["import", c.small, `--pasword=${password}`, "--json"],
    codes: [2],
  },
  {
    name: "a misspelt -x short option",
    args: (c) => ["validate", c.small, `-x${password}`],
    codes: [2],
  },

  // Secrets in a config file or a URL.
  {
    name: "a config file with a password",
    args: (c) => {
      const config = writeInput("pw-config.json", JSON.stringify({ password }));
      return ["import", c.small, "--config", config, "--json"];
    },
    codes: [2],
  },
  {
    name: "a config file with OC_TOKEN",
    args: (c) => {
      const config = writeInput("token-config.json", JSON.stringify({ OC_TOKEN: givenToken }));
      return ["plan", c.small, "--config", config];
    },
    codes: [2],
  },
  {
    name: "a config file whose server URL holds the password",
    args: (c) => {
      const server = `http://${canaryUser}:${password}@127.0.0.1:9/OpenClinica`;
      const config = writeInput("url-config.json", JSON.stringify({ server, study: harbor }));
      return ["import", c.small, "--config", config, "--json"];
    },
    // Credentials of its own, so that a tool taking the URL would try it and print it.
    env: { OC_USERNAME: canaryUser, OC_PASSWORD: "another-password" },
    codes: [2],
  },
  {
    name: "a password file others can read",
    args: (c) => {
      const file = writeInput("loose-pw.txt", `${password}\n`, 0o644);
      return ["import", c.small, ...sandboxArgs, "--password-file", file, "--report", c.report];
    },
    env: { OC_USERNAME: canaryUser },
    codes: [2],
  },

  // Runs that go well, in every output mode.
  {
    name: "plan --sandbox",
    args: (c) => ["plan", c.small, ...sandboxArgs, "--report", c.report],
    env: everything,
    codes: [1],
  },
  {
    name: "plan --sandbox --json, debug on",
    args: (c) => ["plan", c.small, ...sandboxArgs, "--report", c.report, "--json"],
    env: { ...everything, ...debugAll },
    codes: [1],
  },
  {
    name: "import --sandbox --verbose",
    args: (c) => ["import", c.small, ...sandboxArgs, "--report", c.report, "--verbose"],
    env: everything,
    codes: [1],
  },
  {
    name: "import --sandbox --json, debug on",
    args: (c) => ["import", c.small, ...sandboxArgs, "--report", `${c.report}l`, "--json"],
    env: { ...everything, ...debugAll },
    codes: [1],
  },
  {
    name: "--password-stdin beside OC_PASSWORD",
    args: (c) => ["import", c.small, ...sandboxArgs, "--password-stdin", "--report", c.report],
    env: everything,
    stdin: `${password}\n`,
    codes: [1],
  },
  {
    name: "--password-stdin alone",
    args: (c) => ["import", c.small, ...sandboxArgs, "--password-stdin", "--report", c.report],
    env: { OC_USERNAME: canaryUser },
    stdin: password,
    codes: [1],
  },
  {
    name: "--password-file",
    args: (c) => {
      const file = writeInput("pw.txt", `${password}\n`);
      return ["import", c.small, ...sandboxArgs, "--password-file", file, "--report", c.report];
    },
    env: { OC_USERNAME: canaryUser },
    codes: [1],
  },

  // Logins that fail.
  {
    name: "a wrong password",
    args: (c) => importAt(c, "--json"),
    env: { OC_USERNAME: "dm", OC_PASSWORD: password },
    sandbox: {},
    codes: [3],
  },
  {
    name: "a given token the server refuses",
    args: (c) => importAt(c),
    env: { OC_TOKEN: givenToken, ...debugAll },
    sandbox: {},
    codes: [3],
  },
  {
    name: "a refused token, then a wrong password",
    args: (c) => ["plan", c.small, ...serverArgs(c), "--report", c.report, "--json"],
    env: { OC_TOKEN: givenToken, OC_USERNAME: "dm", OC_PASSWORD: password },
    sandbox: {},
    codes: [3],
  },
  {
    name: "a login answered 500",
    args: (c) => importAt(c, "--verbose"),
    env: everything,
    sandbox: { faults: { share500: 1, includeTokenRoute: true } },
    codes: [4],
  },
  {
    name: "a login answered 429",
    args: (c) => importAt(c),
    env: everything,
    sandbox: {
      faults: {
        burst429: { every: 1, length: 1000, retryAfterSeconds: 0 },
        includeTokenRoute: true,
      },
    },
    prime: (sandbox) => requestToken(sandbox, "dm"),
    codes: [4],
  },

  // Server errors and network faults on the participant requests.
  {
    name: "server errors (share500)",
    args: (c) => importAt(c, "--json"),
    env: everything,
    sandbox: { faults: { share500: 0.5, seed: 3 } },
    codes: [1, 4],
  },
  {
    name: "unavailable (share503)",
    args: (c) => importAt(c, "--verbose"),
    env: { ...everything, ...debugAll },
    sandbox: { faults: { share503: 0.6, seed: 5 } },
    codes: [1, 4],
  },
  {
    name: "connections reset (resetBeforeShare)",
    args: (c) => importAt(c),
    env: everything,
    sandbox: { faults: { resetBeforeShare: 0.5, seed: 7 } },
    codes: [1, 4],
  },
  {
    name: "answers lost (loseResponseShare)",
    args: (c) => importAt(c, "--timeout", "1", "--json"),
    env: everything,
    sandbox: { faults: { loseResponseShare: 0.4, seed: 2 } },
    codes: [1, 4],
  },
  {
    name: "a server that is not listening",
    args: (c) => importAt(c, "--json"),
    env: { ...everything, ...debugAll },
    codes: [4],
  },

  // Runs stopped midway.
  {
    name: "Ctrl-C mid-run",
    args: slowImport,
    env: everything,
    sandbox: { faults: { latencyMs: 20 } },
    when: afterLines((kill) => kill("SIGINT")),
    codes: [130],
  },
  {
    name: "SIGTERM mid-run",
    args: slowImport,
    env: { ...everything, ...debugAll },
    sandbox: { faults: { latencyMs: 20 } },
    when: afterLines((kill) => kill("SIGTERM")),
    codes: [143],
  },
  {
    name: "the server crashing mid-run",
    args: slowImport,
    env: everything,
    sandbox: { faults: { latencyMs: 20 } },
    when: afterLines((_kill, c) => c.sandbox?.close()),
    codes: [4],
  },

  // Bugs: errors no code of the tool expects, carrying the headers as a library's might.
  {
    name: "an unexpected error in import",
    args: (c) => ["import", c.small, ...sandboxArgs, "--report", c.report, "--json"],
    env: { ...everything, NODE_DEBUG: "oc-participants" },
    crash: "action",
    codes: [70],
  },
  {
    name: "an unexpected error in validate",
    args: (c) => ["validate", c.small, "--report", c.report],
    env: { ...everything, NODE_DEBUG: "oc-participants" },
    crash: "action",
    codes: [70],
  },
  {
    name: "an uncaught exception",
    args: (c) => importAt(c),
    env: { ...everything, NODE_DEBUG: "oc-participants" },
    sandbox: {},
    crash: "uncaught",
    codes: [70],
  },
  {
    name: "an unhandled rejection",
    args: (c) => importAt(c, "--json"),
    env: everything,
    sandbox: {},
    crash: "rejection",
    codes: [70],
  },
];

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

let runs = 0;

async function runCase(leakCase: LeakCase) {
  const runDir = join(scratch, `leak-run-${runs}`);
  const spyFile = join(scratch, `leak-spy-${runs++}.txt`);
  mkdirSync(runDir);

  if (leakCase.sandbox !== undefined) {
    sandbox = await startSandbox({
      fixture: parseFixture(canaryFixture, "the canary fixture"),
      tokenCallsPerMinute: 1000,
      ...leakCase.sandbox,
    });
    await leakCase.prime?.(sandbox);
  }

  const url = sandbox?.url ?? `http://127.0.0.1:${await closedPort()}`;
  const context = { url, small, big, report: join(runDir, "report.csv"), runDir, sandbox };
  const env: Record<string, string> = {
    ...leakCase.env,
    NODE_OPTIONS: `--import=${spyModule}`,
    CANARY_SPY_FILE: spyFile,
    ...(leakCase.crash === undefined ? {} : { CANARY_CRASH: leakCase.crash }),
  };

  const run = await runChild(leakCase.args(context), {
    cwd: runDir,
    env,
    stdin: leakCase.stdin,
    when: leakCase.when?.(context),
  });
  return { run, runDir, tokens: spiedTokens(spyFile) };
}

describe("no secret and no contact detail leaks", () => {
  it.each(cases)("through $name", async (leakCase) => {
    const { run, runDir, tokens } = await runCase(leakCase);

    expect(findLeaks(run, runDir, tokens)).toEqual([]);
    expect(leakCase.codes, run.stderr).toContain(run.code);
  });
});

describe("the canaries would be caught", () => {
  it("finds a canary that a run does write", async () => {
    const file = writeInput("id-canary.csv", `Participant ID\n${password}\n`);
    const runDir = join(scratch, "leak-sanity");
    mkdirSync(runDir);

    const run = await runChild(["validate", file, "--report", join(runDir, "r.csv")], {
      cwd: runDir,
      env: {},
    });

    expect(findLeaks(run, runDir, [])).toContainEqual({
      where: join(runDir, "r.csv"),
      canary: password,
    });
  });

  it("sends the canary password, the given token and the contact details to the server", async () => {
    const { run, tokens } = await runCase({
      name: "sanity",
      args: (c) => importAt(c, "--json"),
      env: everything,
      sandbox: {},
      codes: [1],
    });

    const summary = JSON.parse(run.stdout) as { outcomes: { created: number } };
    expect(summary.outcomes.created).toBe(4);
    expect(tokens).toContain(givenToken);
    expect(tokens.some((token) => token.startsWith("eyJ"))).toBe(true);
    expect(sandbox?.participants()).toContainEqual(
      expect.objectContaining({ subjectKey: "LEAK-0001", firstName: contacts.firstName }),
    );
  });
});

import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readJsonLines, runCli, sample, scratchPath } from "./support.js";

function writeJson(name: string, value: unknown): string {
  const path = scratchPath(name);
  writeFileSync(path, JSON.stringify(value));
  return path;
}

function siteless(): string {
  const path = scratchPath("siteless.csv");
  writeFileSync(path, "Participant ID\nCF-1\n");
  return path;
}

describe("configuration", () => {
  it.each([
    { name: "the file alone", flag: undefined, env: undefined, expected: "S_FILE(TEST)" },
    {
      name: "the environment over the file",
      flag: undefined,
      env: "S_ENV(TEST)",
      expected: "S_ENV(TEST)",
    },
    {
      name: "a flag over both",
      flag: "S_FLAG(TEST)",
      env: "S_ENV(TEST)",
      expected: "S_FLAG(TEST)",
    },
  ])("takes the site from $name", async ({ flag, env, expected }) => {
    const config = writeJson("config.json", { site: "S_FILE(TEST)" });
    const report = scratchPath("config.jsonl");
    const args = ["validate", siteless(), "--config", config, "--report", report];

    const run = await runCli(
      flag === undefined ? args : [...args, "--site", flag],
      env === undefined ? {} : { OC_SITE: env },
    );

    expect(run.code).toBe(0);
    expect(readJsonLines(report)[0]?.siteOid).toBe(expected);
  });

  it.each([
    { name: "an unknown key", content: { concurency: 3 }, names: "concurency" },
    { name: "a value of the wrong type", content: { timeout: "soon" }, names: "timeout" },
    { name: "a password", content: { password: "x" }, names: "password" },
    { name: "a token", content: { token: "x" }, names: "token" },
    { name: "a password in another case", content: { Password: "x" }, names: "Password" },
    { name: "an OC_TOKEN", content: { OC_TOKEN: "x" }, names: "OC_TOKEN" },
    { name: "an apiToken", content: { apiToken: "x" }, names: "apiToken" },
  ])("refuses a config file with $name, naming it", async ({ content, names }) => {
    const config = writeJson("bad.json", content);

    const run = await runCli([
      "validate",
      sample,
      "--config",
      config,
      "--report",
      scratchPath("r.csv"),
    ]);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain(names);
  });

  it("refuses a password file that others can read", async () => {
    const file = scratchPath("password");
    writeFileSync(file, "sandbox-dm\n");
    chmodSync(file, 0o644);

    const run = await runCli(["import", sample, "--sandbox", "--password-file", file], {
      OC_USERNAME: "dm.sandbox",
    });

    expect(run.code).toBe(2);
    expect(run.stderr).toContain("chmod 600");
  });

  it("refuses a --password-file that is a folder, saying so", async () => {
    const folder = scratchPath("password-folder");
    mkdirSync(folder, { mode: 0o700 });

    const run = await runCli(["import", sample, "--sandbox", "--password-file", folder], {
      OC_USERNAME: "dm.sandbox",
    });

    expect(run.code).toBe(2);
    expect(run.stderr).toContain("is not a file");
    expect(run.stderr).not.toContain("chmod");
  });

  it.each([
    {
      name: "a blank OC_PASSWORD",
      env: { OC_USERNAME: "dm.sandbox", OC_PASSWORD: "" },
      says: "OC_PASSWORD is set but empty",
    },
    {
      name: "a blank OC_USERNAME",
      env: { OC_USERNAME: "  ", OC_PASSWORD: "sandbox-dm" },
      says: "OC_USERNAME is set but empty",
    },
    {
      name: "both blank",
      env: { OC_USERNAME: "", OC_PASSWORD: "" },
      says: "OC_USERNAME and OC_PASSWORD are set but empty",
    },
  ])("refuses $name before any login", async ({ env, says }) => {
    const run = await runCli(["import", sample, "--sandbox", "--json"], env);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain(says);
    expect(run.stderr).not.toContain("refused the login");
  });

  it.each([
    { name: "only line breaks", content: "\n\n" },
    { name: "two lines", content: "sandbox-dm\nextra\n" },
    { name: "a whole other file", content: "x".repeat(5000) },
  ])("refuses a password file holding $name", async ({ content }) => {
    const file = scratchPath("password");
    writeFileSync(file, content, { mode: 0o600 });

    const run = await runCli(["import", sample, "--sandbox", "--password-file", file], {
      OC_USERNAME: "dm.sandbox",
    });

    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/empty|more than one line|holds the password alone/);
  });

  it("logs in with a password file only its owner can read", async () => {
    const file = scratchPath("password");
    writeFileSync(file, "sandbox-dm\n");
    chmodSync(file, 0o600);

    const run = await runCli(
      [
        "import",
        sample,
        "--sandbox",
        "--password-file",
        file,
        "--json",
        "--report",
        scratchPath("r.csv"),
      ],
      { OC_USERNAME: "dm.sandbox" },
    );

    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ outcomes: { created: 179 } });
  });
});

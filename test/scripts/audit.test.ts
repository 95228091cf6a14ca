import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const script = fileURLToPath(new URL("../../scripts/audit.mjs", import.meta.url));
const fixture = (name: string) =>
  fileURLToPath(new URL(`../fixtures/audit/${name}.json`, import.meta.url));

function judge(name: string, env: Record<string, string> = {}) {
  const { OC_AUDIT_REQUIRED: _, ...inherited } = process.env;
  const run = spawnSync(process.execPath, [script, "--from", fixture(name)], {
    encoding: "utf8",
    env: { ...inherited, ...env },
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe("the CI audit gate", () => {
  it.each([
    { name: "clean", status: 0, says: "no high or critical findings" },
    { name: "moderate", status: 0, says: "no high or critical findings" },
    { name: "high", status: 1, says: "evil-dep (high)" },
    { name: "unreachable", status: 0, says: "No audit took place" },
  ])("judges an answer that is $name", ({ name, status, says }) => {
    const verdict = judge(name);

    expect(verdict.status).toBe(status);
    expect(verdict.output).toContain(says);
  });

  it("fails when the advisory service is unreachable and an audit is required", () => {
    const verdict = judge("unreachable", { OC_AUDIT_REQUIRED: "1" });

    expect(verdict.status).toBe(1);
    expect(verdict.output).toContain("OC_AUDIT_REQUIRED=1");
  });
});

import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readJsonLines, root, runCli, scratchPath } from "./support.js";

/** The sample study, moved to production: every OID ends in (PROD). */
function productionFixture(): string {
  const text = readFileSync(join(root, "samples/sandbox-study.json"), "utf8");
  const path = scratchPath("prod-study.json");
  writeFileSync(path, text.replaceAll("(TEST)", "(PROD)"));
  return path;
}

function productionRows(): string {
  const path = scratchPath("prod.csv");
  writeFileSync(
    path,
    "Participant ID,Site OID,Register\nGP-1,S_HRB_BOS(PROD),yes\nGP-2,S_HRB_BOS(PROD),no\nGP-3,S_HRB_BOS(PROD),\n",
  );
  return path;
}

describe("guards", () => {
  it("refuses a production study in CI without --yes, sending nothing", async () => {
    const report = scratchPath("prod-report.csv");

    const run = await runCli(
      [
        "import",
        productionRows(),
        "--sandbox",
        "--fixture",
        productionFixture(),
        "--report",
        report,
      ],
      { CI: "true" },
    );

    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--yes");
  });

  it("imports into a production study with --yes", async () => {
    const run = await runCli(
      [
        "import",
        productionRows(),
        "--sandbox",
        "--fixture",
        productionFixture(),
        "--yes",
        "--json",
        "--report",
        scratchPath("r.csv"),
      ],
      { CI: "true" },
    );

    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ outcomes: { created: 3 } });
  });

  it("ignores a Register column unless --register=column asks for it, and says so", async () => {
    const run = await runCli(
      [
        "import",
        productionRows(),
        "--sandbox",
        "--fixture",
        productionFixture(),
        "--yes",
        "--report",
        scratchPath("r.csv"),
      ],
      { CI: "true" },
    );

    expect(run.stderr).toContain("--register=column");
    expect(run.stderr).not.toContain("Registering");
  });

  it("counts the Participate accounts --register=column will create", async () => {
    const report = scratchPath("register.jsonl");

    const run = await runCli(
      [
        "import",
        productionRows(),
        "--sandbox",
        "--fixture",
        productionFixture(),
        "--yes",
        "--register=column",
        "--report",
        report,
      ],
      { CI: "true" },
    );

    expect(run.code).toBe(0);
    expect(run.stderr).toContain("Registering up to 1 participants");
    expect(readJsonLines(report).map((line) => line.outcome)).toEqual([
      "created",
      "created",
      "created",
    ]);
  });

  it("refuses --register for every row when the file has its own Register column", async () => {
    const run = await runCli(
      [
        "import",
        productionRows(),
        "--sandbox",
        "--fixture",
        productionFixture(),
        "--yes",
        "--register",
      ],
      { CI: "true" },
    );

    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--register=column");
  });
});

import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runCli, sample, scratchPath, stackLines } from "./support.js";

describe("a participant file the command refuses before any row", () => {
  it.each([
    {
      name: "--map subjectKey pointed at the first name column",
      input: () => ["validate", sample, "--map", "subjectKey=First Name"],
      expected: ['"First Name"', "subjectKey", "firstName"],
    },
  ])("refuses $name with exit 2, saying where", async ({ input, expected }) => {
    const report = scratchPath("report.csv");

    const run = await runCli([...input(), "--report", report]);

    expect(run.code).toBe(2);
    for (const token of expected) expect(run.stderr).toContain(token);
    expect(stackLines(run.stderr)).toEqual([]);
    expect(existsSync(report)).toBe(false);
  });
});

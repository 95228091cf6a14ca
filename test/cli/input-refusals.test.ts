import { existsSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runCli, sample, scratchPath, stackLines } from "./support.js";

function writeFile(name: string, content: string): string {
  const path = scratchPath(name);
  writeFileSync(path, content);
  return path;
}

describe("a participant file the command refuses before any row", () => {
  it.each([
    {
      name: "--map subjectKey pointed at the first name column",
      input: () => ["validate", sample, "--map", "subjectKey=First Name"],
      expected: ['"First Name"', "subjectKey", "firstName"],
    },
    {
      name: "a bare quote inside an unquoted name",
      input: () => [
        "validate",
        writeFile(
          "quote.csv",
          'Participant ID,Site OID,First Name,Last Name\nP-1,S_HRB_BOS(TEST),Ann,Lee\nP-2,S_HRB_BOS(TEST),Ann "Nan",Lee\n',
        ),
      ],
      expected: ["row 3 (line 3)", '"First Name"', "Nothing was sent"],
    },
  ])("refuses $name with exit 2, saying where", async ({ input, expected }) => {
    const report = scratchPath("report.csv");

    const run = await runCli([...input(), "--report", report]);

    expect(run.code).toBe(2);
    for (const token of expected) expect(run.stderr).toContain(token);
    expect(run.stderr).not.toMatch(/INVALID_OPENING_QUOTE|Nan/);
    expect(stackLines(run.stderr)).toEqual([]);
    expect(existsSync(report)).toBe(false);
  });
});

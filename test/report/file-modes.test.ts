import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const dist = join(import.meta.dirname, "../../dist/report");
const dir = mkdtempSync(join(tmpdir(), "oc-modes-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Writes a report, its run state and its compacted form in a child process whose umask lets
 * every bit through, as a careless CI image's might: only the tool's own modes then protect
 * the files. The test process's umask is left alone, as other tests share it.
 */
function writeUnderOpenUmask(report: string, options: { append?: boolean } = {}): void {
  const script = `
    process.umask(0);
    const { openReport } = await import(${JSON.stringify(`${dist}/report-writer.js`)});
    const { writeRunState } = await import(${JSON.stringify(`${dist}/run-state.js`)});
    const { compactReport } = await import(${JSON.stringify(`${dist}/compact-report.js`)});
    const writer = openReport(${JSON.stringify(report)}, ${JSON.stringify(options)});
    writer.write({ row: 2, line: 2, participantId: "P-1", siteOid: null, outcome: "created",
      errorCode: null, httpStatus: 200, attempts: 1, message: null });
    writer.close();
    writeRunState(${JSON.stringify(report)}, { version: 1, inputSha256: "0".repeat(64),
      studyOid: "S_X(TEST)", existing: [] });
    compactReport(${JSON.stringify(report)});
  `;
  execFileSync(process.execPath, ["--input-type=module", "-e", script]);
}

const modeOf = (path: string) => statSync(path).mode & 0o777;

describe("the files a run writes", () => {
  it.each([
    { name: "a new CSV report", file: "new.csv", before: undefined, append: false },
    { name: "a new JSON Lines report", file: "new.jsonl", before: undefined, append: false },
    { name: "a report left world-readable", file: "loose.csv", before: 0o666, append: false },
    { name: "a resumed world-readable report", file: "resumed.jsonl", before: 0o644, append: true },
  ])("are owner-only for $name, under umask 000", ({ file, before, append }) => {
    const report = join(dir, file);
    if (before !== undefined) {
      writeFileSync(report, "");
      chmodSync(report, before);
    }

    writeUnderOpenUmask(report, { append });

    expect(modeOf(report)).toBe(0o600);
    expect(modeOf(`${report}.run.json`)).toBe(0o600);
  });

  it("leaves no temporary file beside the report", () => {
    const report = join(dir, "tidy.csv");

    writeUnderOpenUmask(report);

    expect(existsSync(`${report}.tmp-${process.pid}`)).toBe(false);
    expect(modeOf(report)).toBe(0o600);
  });
});

import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, describe, expect, it } from "vitest";
import { FatalError } from "../../src/errors.js";
import type { RowOutcome } from "../../src/import/outcome.js";
import { runImport } from "../../src/import/run-import.js";
import { runValidate } from "../../src/import/run-validate.js";
import { readReport } from "../../src/report/read-report.js";
import { openReport } from "../../src/report/report-writer.js";
import { loadFixture, startSandbox } from "../../src/sandbox/index.js";
import { normalisePhone } from "../../src/validate/phone.js";

const columns = [
  "row",
  "line",
  "participantId",
  "siteOid",
  "outcome",
  "errorCode",
  "httpStatus",
  "attempts",
  "message",
];

const created: RowOutcome = {
  row: 2,
  line: 2,
  participantId: "HH-BOS-0101",
  siteOid: "S_HRB_BOS(TEST)",
  outcome: "created",
  errorCode: null,
  httpStatus: 200,
  attempts: 1,
  message: null,
};

const invalid: RowOutcome = {
  row: 3,
  line: 4,
  participantId: null,
  siteOid: null,
  outcome: "invalid",
  errorCode: "local.malformedRow",
  httpStatus: null,
  attempts: 0,
  message: 'row: 3 fields, "quoted", where the header has 2\nsecond line',
};

const scratch = mkdtempSync(join(tmpdir(), "oc-report-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let count = 0;
const reportPath = (extension: string) => join(scratch, `report-${count++}.${extension}`);

function writeReport(path: string, outcomes: RowOutcome[]): string {
  const report = openReport(path);
  for (const outcome of outcomes) report.write(outcome);
  report.close();
  return readFileSync(path, "utf8");
}

describe("openReport", () => {
  it("writes a CSV whose header is exactly the report's columns", () => {
    const path = reportPath("csv");

    const text = writeReport(path, [created]);

    expect(text.split("\n")[0]).toBe(`\uFEFF${columns.join(",")}`);
  });

  it.each([
    { name: "=", input: "=HYPERLINK(1)", column: "participantId" },
    { name: "+", input: "+1 617", column: "participantId" },
    { name: "-", input: "-2+3", column: "participantId" },
    { name: "@", input: "@SUM(A1)", column: "participantId" },
    { name: "a tab", input: "\tx", column: "message" },
    { name: "a carriage return", input: "\rx", column: "message" },
    { name: "an apostrophe", input: "'=1+1", column: "participantId" },
    { name: "two apostrophes", input: "''x", column: "participantId" },
  ] as const)(
    "neutralises a value starting with $name, and reads it back unchanged",
    ({ input, column }) => {
      const path = reportPath("csv");

      const text = writeReport(path, [{ ...created, [column]: input }]);

      const records = parse(text, { bom: true }) as string[][];
      expect(records[1]?.[columns.indexOf(column)]).toBe(`'${input}`);
      expect(readReport(path).get(created.row)?.[column]).toBe(input);
    },
  );

  it.each(["csv", "jsonl"])(
    "writes hidden characters of a participant ID and site OID as codes in a %s report",
    (extension) => {
      const path = reportPath(extension);
      const hostile = { ...invalid, participantId: "P\u001b[2J-1\u202e", siteOid: "S\u0007X" };

      const text = writeReport(path, [hostile]);

      expect(text).toContain("P<U+001B>[2J-1<U+202E>");
      expect(text).toContain("S<U+0007>X");
      for (const character of ["\u0007", "\u001b", "\u202e"]) {
        expect(text).not.toContain(character);
      }
    },
  );

  it("writes nulls as empty CSV cells and quotes what needs quoting", () => {
    const path = reportPath("csv");

    const text = writeReport(path, [created, invalid]);

    const records = parse(text, { bom: true }) as string[][];
    expect(records).toEqual([
      columns,
      ["2", "2", "HH-BOS-0101", "S_HRB_BOS(TEST)", "created", "", "200", "1", ""],
      ["3", "4", "", "", "invalid", "local.malformedRow", "", "0", invalid.message],
    ]);
  });

  it.each([
    { name: ".jsonl", input: "jsonl" },
    { name: ".ndjson", input: "ndjson" },
    { name: "upper-case .JSONL", input: "JSONL" },
  ])(
    "writes JSON Lines for $name with exactly the columns as keys and null where none",
    ({ input }) => {
      const path = reportPath(input);

      const text = writeReport(path, [created, invalid]);

      const lines = text
        .trimEnd()
        .split("\n")
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(lines.map((line) => Object.keys(line))).toEqual([columns, columns]);
      expect(lines).toEqual([created, invalid]);
      expect(lines[1]).toMatchObject({ participantId: null, siteOid: null, httpStatus: null });
    },
  );

  it.each([
    { name: "a new CSV report", input: { extension: "csv", existingMode: null } },
    { name: "a new JSON Lines report", input: { extension: "jsonl", existingMode: null } },
    {
      name: "a report that replaces a world-readable file",
      input: { extension: "csv", existingMode: 0o644 },
    },
  ])("makes $name readable by its owner only", ({ input }) => {
    const path = reportPath(input.extension);
    if (input.existingMode !== null) {
      writeFileSync(path, "old report\n");
      chmodSync(path, input.existingMode);
    }

    writeReport(path, [created]);

    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it("refuses a path it cannot write with an input error", () => {
    const path = join(scratch, "no-such-folder", "report.csv");

    let error: unknown;
    try {
      openReport(path);
    } catch (caught) {
      error = caught;
    }

    expect(error).toBeInstanceOf(FatalError);
    expect((error as FatalError).code).toBe("input");
  });
});

describe("the report of the sample", () => {
  const samples = join(import.meta.dirname, "../../samples");
  const sampleCsv = join(samples, "participants.csv");

  /** Every name, secondary ID, email and phone of the sample, as typed and as sent. */
  function personalValues(): string[] {
    const records = parse(readFileSync(sampleCsv), { columns: true, bom: true }) as Record<
      string,
      string
    >[];
    const fields = ["First Name", "Last Name", "Secondary ID", "Email", "Mobile"];
    const typed = records.flatMap((record) => fields.map((field) => (record[field] ?? "").trim()));
    const sent = records.flatMap((record) => {
      const phone = normalisePhone((record.Mobile ?? "").trim());
      return phone.ok ? [phone.value] : [];
    });
    return [...new Set([...typed, ...sent])].filter((value) => value !== "");
  }

  it("reads enough personal values from the sample for the check to mean something", () => {
    const values = personalValues();

    expect(values.length).toBeGreaterThan(600);
    expect(values).toContain("+33 639989161");
  });

  it.each(["csv", "jsonl"])(
    "holds no name, email, phone or secondary ID after an import (%s)",
    async (extension) => {
      const fixture = await loadFixture(join(samples, "sandbox-study.json"));
      const sandbox = await startSandbox({ fixture, tokenCallsPerMinute: 1000 });
      const path = reportPath(extension);
      const report = openReport(path);

      try {
        await runImport({
          file: sampleCsv,
          serverUrl: sandbox.url,
          studyOid: "S_HARBOR(TEST)",
          credentials: { username: "dm.sandbox", password: "sandbox-dm" },
          onOutcome: report.write,
        });
      } finally {
        report.close();
        await sandbox.close();
      }

      const text = readFileSync(path, "utf8");
      expect(text).toContain("HH-BOS-0101");
      expect(personalValues().filter((value) => text.includes(value))).toEqual([]);
    },
  );

  it("holds no name, email, phone or secondary ID after a validate", async () => {
    const path = reportPath("csv");
    const report = openReport(path);

    try {
      await runValidate({ file: sampleCsv, onOutcome: report.write });
    } finally {
      report.close();
    }

    const text = readFileSync(path, "utf8");
    expect(text).toContain("local.duplicateParticipantId");
    expect(personalValues().filter((value) => text.includes(value))).toEqual([]);
  });
});

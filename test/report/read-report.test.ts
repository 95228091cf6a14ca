import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FatalError } from "../../src/errors.js";
import type { RowOutcome } from "../../src/import/outcome.js";
import { compactReport } from "../../src/report/compact-report.js";
import { readReport } from "../../src/report/read-report.js";
import { formatHeader, formatLine, reportFormatOf } from "../../src/report/report-format.js";

const scratch = mkdtempSync(join(tmpdir(), "oc-read-report-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function outcome(
  row: number,
  kind: RowOutcome["outcome"],
  extra: Partial<RowOutcome> = {},
): RowOutcome {
  return {
    row,
    line: row,
    participantId: `P-${row}`,
    siteOid: "S_A(TEST)",
    outcome: kind,
    errorCode: null,
    httpStatus: kind === "created" ? 200 : null,
    attempts: kind === "created" ? 1 : 0,
    message: null,
    ...extra,
  };
}

function writeReport(name: string, outcomes: RowOutcome[], tail = ""): string {
  const path = join(scratch, name);
  const format = reportFormatOf(path);
  writeFileSync(
    path,
    formatHeader(format) + outcomes.map((o) => formatLine(o, format)).join("") + tail,
  );
  return path;
}

describe.each(["csv", "jsonl"])("readReport (%s)", (extension) => {
  it("reads every row's outcome back as written", () => {
    const written = [
      outcome(2, "created"),
      outcome(3, "rejected", { errorCode: "errorCode.siteNotExist", httpStatus: 400, attempts: 1 }),
      outcome(4, "failed", { message: 'connection reset, "twice"', httpStatus: 503, attempts: 6 }),
      outcome(5, "invalid", { participantId: null, errorCode: "local.malformedRow" }),
    ];
    const path = writeReport(`all.${extension}`, written);

    const read = readReport(path);

    expect([...read.values()]).toEqual(written);
  });

  it("keeps the last line of a row, as a resumed run appends", () => {
    const path = writeReport(`twice.${extension}`, [outcome(2, "skipped"), outcome(2, "created")]);

    const read = readReport(path);

    expect(read.get(2)?.outcome).toBe("created");
  });

  it("ignores a last line cut off by a crash", () => {
    const torn = extension === "csv" ? '3,3,P-3,"S_A(TE' : '{"row":3,"line":3,"partic';
    const path = writeReport(`torn.${extension}`, [outcome(2, "created")], torn);

    const read = readReport(path);

    expect([...read.keys()]).toEqual([2]);
  });

  it("compacts to one line per row in row order", () => {
    const path = writeReport(`compact.${extension}`, [
      outcome(4, "skipped"),
      outcome(3, "created"),
      outcome(2, "created"),
      outcome(4, "created"),
    ]);

    compactReport(path);

    expect([...readReport(path).values()].map((o) => [o.row, o.outcome])).toEqual([
      [2, "created"],
      [3, "created"],
      [4, "created"],
    ]);
  });
});

it("refuses a file that is not a report", () => {
  const path = join(scratch, "participants.csv");
  writeFileSync(path, "Participant ID,Email\nP-1,a@example.org\n");

  expect(() => readReport(path)).toThrow(FatalError);
});

it("refuses a damaged report (a quote never closed) as an input to fix, not as a bug", () => {
  const path = join(scratch, "damaged.csv");
  const good = formatHeader("csv") + formatLine(outcome(2, "created"), "csv");
  writeFileSync(path, `${good}3,3,"P-3,S_A(TEST),skipped,,,0,\n`);

  expect(() => readReport(path)).toThrow(/cannot be read as a report/);
  try {
    readReport(path);
  } catch (error) {
    expect((error as FatalError).code).toBe("usage");
  }
});

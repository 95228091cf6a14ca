import { Chalk } from "chalk";
import { describe, expect, it } from "vitest";
import { renderSummary } from "../../src/cli/render-summary.js";
import type { RunSummary } from "../../src/import/tally.js";

const mixed: RunSummary = {
  rows: 14,
  outcomes: {
    valid: 0,
    invalid: 3,
    create: 0,
    update: 0,
    conflict: 1,
    created: 4,
    updated: 2,
    rejected: 1,
    failed: 1,
    skipped: 2,
  },
  errorCodes: {
    "errorCode.invalidPhoneNumber": [3, 5],
    "local.duplicateParticipantId": [9],
    "local.participantAtOtherSite": [10],
    "errorCode.siteNotAvailable": [11],
    "local.interrupted": [13, 14],
  },
  stopped: "interrupted",
};

describe("renderSummary", () => {
  it("renders a mixed import", () => {
    const text = renderSummary(mixed, {
      command: "import",
      file: "people.csv",
      reportPath: "out/people report.csv",
      colour: new Chalk({ level: 0 }),
    });

    expect(text).toMatchSnapshot();
  });

  it("names at most the first rows of a code, then how many more", () => {
    const many = { ...mixed, errorCodes: { "errorCode.invalidEmailAddress": [2, 3, 4, 5, 6, 7] } };

    const text = renderSummary(many, {
      command: "validate",
      file: "people.csv",
      reportPath: "r.csv",
      colour: new Chalk({ level: 0 }),
      rowsShown: 3,
    });

    expect(text).toContain("6 rows: 2, 3, 4, and 3 more");
  });
});

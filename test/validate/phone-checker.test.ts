import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import type { RowOutcome } from "../../src/import/outcome.js";
import { runValidate as runValidateFromSources } from "../../src/import/run-validate.js";
import { createPhoneChecker as createFromSources } from "../../src/validate/phone-checker.js";

// The worker thread runs compiled code only (Node 20 cannot start a worker from a .ts file),
// so the threaded checker is taken from dist/, which the global setup builds before any test.
const built = "../../dist/index.js";
const builtChecker = "../../dist/validate/phone-checker.js";

const scratch = mkdtempSync(join(tmpdir(), "oc-phone-checker-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const phoneStyles = [
  (n: number) => `+1 (617) 555-${String(n % 10_000).padStart(4, "0")}`,
  (n: number) => `+1781${String(2_000_000 + (n % 7_000_000)).padStart(7, "0")}`,
  (n: number) =>
    `+33 6 ${String(n % 100).padStart(2, "0")} 12 34 ${String(n % 97).padStart(2, "0")}`,
  (n: number) => `${n}E+11`,
  (n: number) => `+1 123 ${String(n % 1000).padStart(3, "0")} 4567`,
];

/** `rows` participants, each with a phone number in one of five styles, two of them wrong. */
function writeLargeFile(path: string, rows: number): void {
  const lines = ["Participant ID,Site OID,First Name,Last Name,Email,Mobile"];
  for (let n = 1; n <= rows; n++) {
    const phone = phoneStyles[n % phoneStyles.length]?.(n) ?? "";
    lines.push(`PC-${n},S_SITE(TEST),Given${n},Family${n},p${n}@example.org,${phone}`);
  }
  writeFileSync(path, `${lines.join("\n")}\n`);
}

const inputs = [
  "+1 (617) 555-0142",
  "+16175550142",
  "+33 6 39 98 91 61",
  "+353 85 123 4567",
  "6175550142",
  "(617) 555-0142",
  "1.23457E+11",
  "+16175550142.0",
  "+1 617 555 0142 ext. 12",
  "+1 123 456 7890",
  "not a number",
  "+",
];

describe("createPhoneChecker", () => {
  it.each([
    { name: "with no default country", defaultCountry: undefined },
    { name: "with a default country", defaultCountry: "US" as const },
  ])(
    "gives on a worker thread the same answers as on this thread, in order, $name",
    async ({ defaultCountry }) => {
      const { createPhoneChecker } = await import(builtChecker);
      const threaded = createPhoneChecker({ defaultCountry, threaded: true });
      const local = createFromSources({ defaultCountry, threaded: false });

      try {
        const [first, second] = await Promise.all([
          threaded.check(inputs),
          threaded.check([...inputs].reverse()),
        ]);
        const expected = await local.check(inputs);
        expect(first).toEqual(expected);
        expect(second).toEqual([...expected].reverse());
        expect(expected.filter((result: { ok: boolean }) => result.ok).length).toBeGreaterThan(3);
      } finally {
        await threaded.close();
        await local.close();
      }
    },
  );

  it("answers an empty list without asking the worker", async () => {
    const { createPhoneChecker } = await import(builtChecker);
    const threaded = createPhoneChecker({ threaded: true });
    await expect(threaded.check([])).resolves.toEqual([]);
    await threaded.close();
  });
});

describe("validating a file large enough for the worker thread", () => {
  it("gives every row the outcome that checking on one thread gives", async () => {
    const file = join(scratch, "large.csv");
    writeLargeFile(file, 20_000);
    expect(statSync(file).size).toBeGreaterThan(1024 * 1024); // Large enough for the worker.
    const { runValidate } = await import(built);

    const threaded: RowOutcome[] = [];
    const local: RowOutcome[] = [];
    const threadedSummary = await runValidate({
      file,
      onOutcome: (o: RowOutcome) => threaded.push(o),
    });
    const localSummary = await runValidateFromSources({ file, onOutcome: (o) => local.push(o) });

    expect(threaded).toEqual(local);
    expect(threadedSummary).toEqual(localSummary);
    expect(local.filter((o) => o.outcome === "invalid").length).toBe(8_000);
    expect(local.some((o) => o.errorCode === "errorCode.invalidPhoneNumber")).toBe(true);
  });

  it("lets the process end when a reader stops half-way and never closes the rows", async () => {
    const file = join(scratch, "abandoned.csv");
    writeLargeFile(file, 20_000);
    const script = `
      const { validateFile } = await import(${JSON.stringify(new URL(built, import.meta.url).href)});
      const { rows } = await validateFile(${JSON.stringify(file)});
      const reader = rows[Symbol.asyncIterator]();
      let seen = 0;
      while (seen < 100 && (await reader.next()).done !== true) seen++;
      console.log(seen);
    `;
    const scriptFile = join(scratch, "abandon.mjs");
    writeFileSync(scriptFile, script);
    const { stdout } = await promisify(execFile)(process.execPath, [scriptFile], {
      timeout: 20_000,
    });
    expect(stdout.trim()).toBe("100");
  });
});

import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { benchImport } from "./bench-import.mjs";
import { benchValidate } from "./bench-validate.mjs";
import { renderReport } from "./render-report.mjs";

/**
 * `npm run bench`: generates its inputs, measures `validate` and `import` against their limits
 * (issue 7), and prints a table of medians with the machine it ran on. Progress goes to
 * stderr, the table to stdout; the raw figures are kept in `.bench/results.json`.
 *
 * `--runs N` (default 3) sets the runs per figure; `--quick` runs small sizes once, to check
 * that the script works, not to measure.
 */
const { values } = parseArgs({
  options: { runs: { type: "string" }, quick: { type: "boolean", default: false } },
});
const quick = values.quick;
const runs = Number(values.runs ?? (quick ? 1 : 3));

if (!Number.isInteger(runs) || runs < 1) {
  throw new Error(`--runs must be a whole number of at least 1, not ${values.runs}.`);
}

const dir = new URL("../../.bench/", import.meta.url).pathname;
mkdirSync(dir, { recursive: true });
const log = (line) => process.stderr.write(`[${elapsed()}] ${line}\n`);
const started = performance.now();

const machine = {
  cpu: cpus()[0]?.model ?? "unknown",
  cores: cpus().length,
  memoryGb: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
};
log(`${machine.cpu}, ${machine.cores} cores, Node ${machine.node}`);

const validate = await benchValidate({
  sizes: quick ? [10_000, 100_000] : [100_000, 1_000_000],
  runs,
  dir,
  log,
});

// Rows per concurrency: about five seconds at the latency bound (concurrency / 50 ms).
const latency = await benchImport({
  latencyMs: 50,
  cases: [1, 4, 16, 64].map((concurrency) => ({
    concurrency,
    rows: concurrency * (quick ? 20 : 100),
  })),
  runs,
  bare: true,
  dir,
  log,
});

const noLatency = await benchImport({
  latencyMs: 0,
  cases: [4, 16].map((concurrency) => ({ concurrency, rows: quick ? 1_000 : 8_000 })),
  runs,
  bare: true,
  dir,
  log,
});

const totalSeconds = (performance.now() - started) / 1000;
const results = { machine, quick, runs, validate, latency, noLatency, totalSeconds };
writeFileSync(join(dir, "results.json"), `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write(`${renderReport(results)}\n`);

function elapsed() {
  return `${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s`;
}

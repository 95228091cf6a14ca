import { createReadStream } from "node:fs";
import { parse } from "csv-parse";
import { runValidate } from "../../dist/index.js";

/**
 * One measured run, in a process of its own (see `child.mjs`): `library` checks the file with
 * `runValidate` and no report; `parse` reads the same file with csv-parse alone, the least
 * that reading it can cost. Leaves `{ rows, ms }` for `usage.mjs` to record.
 */
const [mode, file] = process.argv.slice(2);
const started = performance.now();
let rows = 0;

if (mode === "library") {
  const summary = await runValidate({ file });
  rows = summary.rows;
} else if (mode === "parse") {
  // relax_column_count: the file holds rows with a field too many, as the tool's reader allows.
  const parser = createReadStream(file).pipe(parse({ bom: true, relax_column_count: true }));
  for await (const _record of parser) rows++;
  rows -= 1;
} else {
  throw new Error(`Unknown mode ${mode}: use library or parse.`);
}

globalThis.benchResult = { rows, ms: performance.now() - started };

import { join } from "node:path";
import { measureChild } from "./child.mjs";
import { writeParticipantFile } from "./generate.mjs";
import { median, rate } from "./stats.mjs";

const once = new URL("./validate-once.mjs", import.meta.url).pathname;
const bin = new URL("../../bin/oc-participants.js", import.meta.url).pathname;

/**
 * Measures `validate` against bare csv-parse on generated files of each size, every run in a
 * fresh process. The three ways of reading a file take turns within each run, so that a
 * machine that slows down or speeds up midway treats them alike.
 *
 * - `parse`: csv-parse alone (`validate-once.mjs parse`).
 * - `library`: `runValidate` with no report (`validate-once.mjs library`).
 * - `cli`: the command line as a user runs it, writing its report; its rate is over the
 *   whole process, start-up included, and so is `libraryProcess`, to compare the two. Only on
 *   the first size: at a million rows it would add two minutes for no new finding.
 */
export async function benchValidate({ sizes, runs, dir, log }) {
  const results = [];

  for (const rows of sizes) {
    const file = join(dir, `validate-${rows}.csv`);
    const { invalid } = await writeParticipantFile(file, { rows });
    log(`validate: generated ${file} (${rows} rows, ${invalid} invalid)`);
    const samples = { parse: [], library: [], cli: [] };

    for (let run = 1; run <= runs; run++) {
      samples.parse.push(await measureChild(once, ["parse", file]));
      samples.library.push(await measureChild(once, ["library", file]));
      if (rows === sizes[0]) {
        samples.cli.push(await measureCli(file, join(dir, `validate-${rows}.report.csv`)));
      }
      log(`validate ${rows} rows, run ${run}/${runs}: ${describe(samples, rows)}`);
    }

    results.push(summarise(rows, invalid, samples));
  }

  return results;
}

function measureCli(file, report) {
  // Exit code 1: the file has invalid rows on purpose.
  return measureChild(bin, ["validate", file, "--report", report], { exitCodes: [1] });
}

function summarise(rows, invalid, samples) {
  const work = (list) => median(list.map((sample) => rate(sample.rows, sample.ms)));
  const whole = (list) => median(list.map((sample) => rate(rows, sample.lifetimeMs)));
  const rss = (list) => median(list.map((sample) => sample.maxRssMb));
  const measured = samples.cli.length > 0;

  return {
    rows,
    invalid,
    runs: samples.library.length,
    parseRate: work(samples.parse),
    validateRate: work(samples.library),
    parseRssMb: rss(samples.parse),
    validateRssMb: rss(samples.library),
    libraryProcessRate: whole(samples.library),
    cliProcessRate: measured ? whole(samples.cli) : null,
    cliRssMb: measured ? rss(samples.cli) : null,
  };
}

function describe(samples, rows) {
  const last = (list) => list.at(-1);
  const parse = last(samples.parse);
  const library = last(samples.library);
  const cli = last(samples.cli);

  const parts = [
    `parse ${Math.round(parse.ms)} ms`,
    `validate ${Math.round(library.ms)} ms, ${Math.round(library.maxRssMb)} MB`,
  ];
  if (cli !== undefined) {
    parts.push(`cli ${Math.round(cli.lifetimeMs)} ms, ${Math.round(cli.maxRssMb)} MB`);
  }

  return `${parts.join("; ")} (${rows} rows)`;
}

import { formatNumber as number, formatRatio as ratio, renderTable } from "./stats.mjs";

/** The targets of issue 7. */
export const targets = {
  validateVsParse: 0.5,
  memoryAtMillionMb: 200,
  memoryGrowth: 1.5,
  importVsBound: 0.9,
  importVsBare: 0.7,
};

/** Renders the results of `run.mjs` as Markdown: the tables, then each target, met or not. */
export function renderReport(results) {
  const { machine, validate, latency, noLatency } = results;

  return [
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB, Node ${machine.node}, ${machine.platform}.`,
    `${results.runs === 1 ? "One run" : `Medians of ${results.runs} runs`}. Total time: ${number(results.totalSeconds)} s.`,
    ...(results.quick
      ? ["--quick: small files, a smoke test of the script, not a measurement."]
      : []),
    "",
    "1. validate against bare csv-parse, same file, same run (rows per second)",
    "",
    renderTable(
      ["file", "csv-parse", "validate", "validate / csv-parse"],
      validate.map((size) => [
        fileName(size),
        number(size.parseRate),
        number(size.validateRate),
        ratio(size.validateRate / size.parseRate),
      ]),
    ),
    "",
    "2. Peak resident memory (MB), each run in a fresh process",
    "",
    renderTable(
      ["file", "validate", "csv-parse", "CLI validate"],
      validate.map((size) => [
        fileName(size),
        number(size.validateRssMb),
        number(size.parseRssMb),
        size.cliRssMb === null ? "-" : number(size.cliRssMb),
      ]),
    ),
    "",
    `validate at ${rowsName(validate.at(-1))} / at ${rowsName(validate[0])}: ${ratio(memoryGrowth(validate))}`,
    "",
    "The CLI against the library, whole process (start-up included; the CLI writes its report)",
    "",
    renderTable(
      ["file", "runValidate rows/s", "CLI rows/s", "CLI / runValidate"],
      validate
        .filter((size) => size.cliProcessRate !== null)
        .map((size) => [
          fileName(size),
          number(size.libraryProcessRate),
          number(size.cliProcessRate),
          ratio(size.cliProcessRate / size.libraryProcessRate),
        ]),
    ),
    "",
    `3. import against the sandbox with ${latency[0].latencyMs} ms added latency (rows per second)`,
    "",
    renderTable(
      [
        "concurrency",
        "rows",
        "bound",
        "import",
        "import / bound",
        "import, sending only",
        "bare undici, same latency",
      ],
      latency.map((run) => [
        run.concurrency,
        number(run.rows),
        number(run.bound),
        number(run.toolRate),
        ratio(run.toolRate / run.bound),
        number(run.toolSendRate),
        number(run.bareRate),
      ]),
    ),
    "",
    "4. import against the sandbox with no added latency, and a bare undici loop (rows per second)",
    "",
    renderTable(
      ["concurrency", "rows", "bare undici", "import", "import / bare", "sending only / bare"],
      noLatency.map((run) => [
        run.concurrency,
        number(run.rows),
        number(run.bareRate),
        number(run.toolRate),
        ratio(run.toolRate / run.bareRate),
        ratio(run.toolSendRate / run.bareRate),
      ]),
    ),
    "",
    "Targets",
    "",
    ...renderTargets(results),
  ].join("\n");
}

function renderTargets({ validate, latency, noLatency }) {
  const million = validate.at(-1);
  const check = (met, text) => `- ${met ? "met" : "NOT met"}: ${text}`;
  const each = (ratios, names) =>
    ratios.map((value, index) => `${ratio(value)} at ${names[index]}`);

  const parseRatios = validate.map((size) => size.validateRate / size.parseRate);
  const boundRatios = latency.map((run) => run.toolRate / run.bound);
  const bareRatios = noLatency.map((run) => run.toolRate / run.bareRate);

  return [
    check(
      parseRatios.every((value) => value >= targets.validateVsParse),
      `validate at least ${targets.validateVsParse} of bare parsing speed (${each(parseRatios, validate.map(rowsName)).join(", ")})`,
    ),
    check(
      million.validateRssMb < targets.memoryAtMillionMb,
      `memory at ${rowsName(million)} under ${targets.memoryAtMillionMb} MB (${number(million.validateRssMb)} MB)`,
    ),
    check(
      memoryGrowth(validate) <= targets.memoryGrowth,
      `memory at ${rowsName(million)} at most ${targets.memoryGrowth} times that at ${rowsName(validate[0])} (${ratio(memoryGrowth(validate))})`,
    ),
    check(
      boundRatios.every((value) => value >= targets.importVsBound),
      `import at least ${targets.importVsBound} of the latency bound at every concurrency (${each(boundRatios, latency.map(concurrencyName)).join(", ")})`,
    ),
    check(
      bareRatios.every((value) => value >= targets.importVsBare),
      `import at least ${targets.importVsBare} of the bare undici loop with no latency (${each(bareRatios, noLatency.map(concurrencyName)).join(", ")})`,
    ),
  ];
}

function memoryGrowth(validate) {
  return validate.at(-1).validateRssMb / validate[0].validateRssMb;
}

function fileName(size) {
  return `${rowsName(size)} (${number(size.invalid)} invalid)`;
}

function concurrencyName(run) {
  return `concurrency ${run.concurrency}`;
}

function rowsName(size) {
  return `${number(size.rows)} rows`;
}

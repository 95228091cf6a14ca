import { join } from "node:path";
import { measureChild } from "./child.mjs";
import { writeParticipantFile } from "./generate.mjs";
import { startSandboxProcess } from "./sandbox.mjs";
import { median, rate } from "./stats.mjs";

const once = new URL("./import-once.mjs", import.meta.url).pathname;

/**
 * Measures `import` against a sandbox with `latencyMs` added to each participant request, at
 * each concurrency of `cases` (`{ concurrency, rows }`). Every run gets a fresh, empty sandbox
 * in a process of its own and a fresh client process, so each row is a `created` and no run
 * inherits another's state. With `bare`, a plain undici loop posts the same bodies in the
 * same run, taking turns with the tool.
 */
export async function benchImport({ latencyMs, cases, runs, bare, dir, log }) {
  const results = [];

  for (const { concurrency, rows } of cases) {
    const file = join(dir, `import-${rows}.csv`);
    await writeParticipantFile(file, { rows, invalidEvery: 0, prefix: "IM" });
    const samples = { tool: [], bare: [] };

    for (let run = 1; run <= runs; run++) {
      samples.tool.push(await measureAgainstSandbox("tool", latencyMs, file, concurrency));
      if (bare) {
        samples.bare.push(await measureAgainstSandbox("bare", latencyMs, file, concurrency));
      }

      log(
        `import ${latencyMs} ms, concurrency ${concurrency}, run ${run}/${runs}: ${describe(samples)}`,
      );
    }

    results.push(summarise(latencyMs, concurrency, rows, samples));
  }

  return results;
}

async function measureAgainstSandbox(mode, latencyMs, file, concurrency) {
  const sandbox = await startSandboxProcess(latencyMs);

  try {
    const sample = await measureChild(once, [mode, sandbox.url, file, String(concurrency)]);
    const counts = await sandbox.close();

    if (counts.participants !== sample.rows) {
      throw new Error(`The sandbox holds ${counts.participants} participants, not ${sample.rows}.`);
    }

    return { ...sample, requests: counts.requests };
  } catch (error) {
    await sandbox.close().catch(() => {});
    throw error;
  }
}

function summarise(latencyMs, concurrency, rows, samples) {
  const rates = (list, key = "ms") => list.map((sample) => rate(sample.rows, sample[key]));

  return {
    latencyMs,
    concurrency,
    rows,
    runs: samples.tool.length,
    bound: latencyMs > 0 ? (concurrency * 1000) / latencyMs : null,
    toolRate: median(rates(samples.tool)),
    toolSendRate: median(rates(samples.tool, "sendMs")),
    bareRate: samples.bare.length > 0 ? median(rates(samples.bare)) : null,
    toolRssMb: median(samples.tool.map((sample) => sample.maxRssMb)),
  };
}

function describe(samples) {
  const tool = samples.tool.at(-1);
  const bare = samples.bare.at(-1);
  const parts = [`tool ${Math.round(tool.ms)} ms (sending ${Math.round(tool.sendMs)} ms)`];
  if (bare !== undefined) parts.push(`bare ${Math.round(bare.ms)} ms`);
  return `${parts.join(", ")} for ${tool.rows} rows`;
}

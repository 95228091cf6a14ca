import { writeFileSync } from "node:fs";

/**
 * Loaded with `node --import` into every measured child process. At exit it writes the
 * process's peak resident memory and lifetime, with whatever the measured script put in
 * `globalThis.benchResult`, to the file named by BENCH_RESULT. Being outside the script, it
 * measures the real command line just as well as a benchmark script.
 */
const target = process.env.BENCH_RESULT;

if (target !== undefined) {
  process.on("exit", () => {
    const result = {
      ...globalThis.benchResult,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
      lifetimeMs: performance.now(),
    };
    writeFileSync(target, JSON.stringify(result));
  });
}

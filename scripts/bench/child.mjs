import { spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const usage = new URL("./usage.mjs", import.meta.url).pathname;
let sequence = 0;

/**
 * Runs `node SCRIPT ARGS` in a process of its own, so that no run's memory, heap growth or
 * JIT warmth carries over to the next, and returns what `usage.mjs` recorded at its exit.
 * Standard output is dropped; standard error is kept to explain a failure.
 */
export async function measureChild(script, args, options = {}) {
  const resultPath = join(tmpdir(), `oc-bench-${process.pid}-${++sequence}.json`);
  const child = spawn(process.execPath, ["--import", usage, script, ...args], {
    env: { ...process.env, BENCH_RESULT: resultPath, NO_COLOR: "1" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
  });

  const [code] = await once(child, "exit");
  const allowed = options.exitCodes ?? [0];

  if (!allowed.includes(code)) {
    throw new Error(`${script} ${args.join(" ")} exited with ${code}:\n${stderr}`);
  }

  try {
    return JSON.parse(readFileSync(resultPath, "utf8"));
  } finally {
    rmSync(resultPath, { force: true });
  }
}

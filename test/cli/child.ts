import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { bin, scratch } from "./support.js";

export interface Child {
  kill(signal: NodeJS.Signals): void;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts the built CLI without waiting for it, with a clean environment like `runCli`. */
export function startCli(args: string[], env: Record<string, string> = {}): Child {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith("OC_")),
  );
  const child = spawn(process.execPath, [bin, ...args], {
    cwd: scratch,
    env: { ...inherited, NO_COLOR: "1", ...env },
    stdio: "ignore",
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  return { kill: (signal) => child.kill(signal), exited };
}

/** The complete lines of a file so far (those that end in a line break). */
export function completeLines(path: string): number {
  if (!existsSync(path)) return 0;
  return readFileSync(path, "utf8").split("\n").length - 1;
}

/** Waits until a report being written has at least `count` complete lines. */
export async function waitForLines(path: string, count: number): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (completeLines(path) < count) {
    if (Date.now() > deadline) throw new Error(`${path} never reached ${count} lines`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

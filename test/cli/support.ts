import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";

export const root = join(import.meta.dirname, "../..");
export const bin = join(root, "bin/oc-participants.js");
export const sample = join(root, "samples/participants.csv");
export const fixture = (name: string) => join(import.meta.dirname, "../fixtures/cli", name);

/** Every file a run writes goes here, never into the repository. */
export const scratch = mkdtempSync(join(tmpdir(), "oc-cli-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let count = 0;
export const scratchPath = (name: string) => join(scratch, `${count++}-${name}`);

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI (test/global-setup.ts builds it) with a clean environment. */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith("OC_")),
  );

  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { cwd: scratch, env: { ...inherited, NO_COLOR: "1", ...env }, timeout: 30_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : null;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

export function readJsonLines(path: string): Record<string, unknown>[] {
  const lines = readFileSync(path, "utf8").trimEnd().split("\n");
  return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

export const stackLines = (text: string) =>
  text.split("\n").filter((line) => line.startsWith("    at "));

import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

/**
 * Builds `dist/` once before any test runs, so that the CLI tests, which run the built
 * `bin/oc-participants.js` as a child process, always exercise the current source.
 */
export function setup(): void {
  execFileSync(process.execPath, [tscPath(), "-p", "."], { cwd: root, stdio: "inherit" });
}

function tscPath(): string {
  return fileURLToPath(new URL("../node_modules/typescript/bin/tsc", import.meta.url));
}

import { basename, isAbsolute, relative } from "node:path";

/**
 * How to run this tool again, as the user ran it: `oc-participants` when it was started by
 * that name (installed, or linked onto the PATH), else `node <script>` with the script's path
 * as seen from the working directory, as after a plain `npm ci` in a clone.
 */
export function invokedAs(script: string | undefined, cwd = process.cwd()): string[] {
  if (script === undefined || basename(script) === "oc-participants") return ["oc-participants"];

  const shown = isAbsolute(script) ? relative(cwd, script) : script;
  return ["node", shown.startsWith("..") || isAbsolute(shown) ? script : shown];
}

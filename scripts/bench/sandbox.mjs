import { fork } from "node:child_process";
import { once } from "node:events";

const script = new URL("./sandbox-process.mjs", import.meta.url).pathname;

/** Starts a fresh, empty sandbox in a child process (see `sandbox-process.mjs`). */
export async function startSandboxProcess(latencyMs) {
  const child = fork(script, [String(latencyMs)], {
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  const [started] = await once(child, "message");

  return {
    url: started.url,

    /** Stops it, and returns how many participants it holds and requests it answered. */
    async close() {
      child.send("close");
      const [counts] = await once(child, "message");
      await once(child, "exit");
      return counts;
    },
  };
}

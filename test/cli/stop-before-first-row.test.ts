import { existsSync } from "node:fs";
import { describe, expect, it, onTestFinished } from "vitest";
import { startTestServer } from "../support/test-server.js";
import { startCli } from "./child.js";
import { fixture, scratchPath } from "./support.js";

describe("a stop signal before the first row", () => {
  it.each(["SIGTERM", "SIGINT"] as const)(
    "ends a login that waits out a long Retry-After at once, on %s, with nothing written",
    async (signal) => {
      // Every login is asked to wait an hour; the run must not sit out that hour when stopped.
      const server = await startTestServer({
        answer: () => ({ status: 503, headers: { "retry-after": "3600" }, body: "" }),
      });
      onTestFinished(() => server.close());
      const report = scratchPath("stopped.csv");
      const args = ["import", fixture("clean.csv"), "--server", server.url, "--study", "S_A(TEST)"];
      const child = startCli([...args, "--report", report], {
        OC_USERNAME: "dm",
        OC_PASSWORD: "dm-pw",
      });
      onTestFinished(() => child.kill("SIGKILL"));
      while (server.requests.length === 0) await new Promise((done) => setTimeout(done, 20));

      const stoppedAt = Date.now();
      child.kill(signal);
      const { code } = await child.exited;

      expect(code).toBe(signal === "SIGTERM" ? 143 : 130);
      expect(Date.now() - stoppedAt).toBeLessThan(5000);
      expect(server.requests).toHaveLength(1);
      expect(existsSync(report)).toBe(false);
    },
  );
});

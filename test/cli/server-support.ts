import { networkInterfaces } from "node:os";
import { onTestFinished } from "vitest";
import { sampleFixturePath } from "../../src/cli/sandbox-target.js";
import { loadFixture, type Sandbox, startSandbox } from "../../src/sandbox/index.js";
import {
  startTestServer,
  type TestServer,
  type TestServerOptions,
} from "../support/test-server.js";

/** The sample study's sandbox-only data manager, as the CLI reads it from the environment. */
export const sampleLogin = { OC_USERNAME: "dm.sandbox", OC_PASSWORD: "sandbox-dm" };
export const sampleStudy = "S_HARBOR(TEST)";

/** A sandbox of the sample study in this process, with logins unlimited; closed after the test. */
export async function startSampleSandbox(): Promise<Sandbox> {
  const fixture = await loadFixture(sampleFixturePath);
  const sandbox = await startSandbox({ fixture, tokenCallsPerMinute: 10_000 });
  onTestFinished(() => sandbox.close());
  return sandbox;
}

/** A test server (see `test-server.ts`) in front of `target`, closed after the test. */
export async function startServerInFront(
  target: Sandbox,
  options: Omit<TestServerOptions, "forwardTo"> = {},
): Promise<TestServer> {
  const server = await startTestServer({ ...options, forwardTo: target.url });
  onTestFinished(() => server.close());
  return server;
}

/**
 * An address of this machine that is not loopback, so that a plain http:// URL to it counts as
 * "another host" while a server here still receives what is sent: the first external IPv4
 * address, or else 0.0.0.0, which Linux and macOS connect to this machine.
 */
export function nonLoopbackAddress(): string {
  const addresses = Object.values(networkInterfaces()).flatMap((list) => list ?? []);
  const external = addresses.find((entry) => entry.family === "IPv4" && !entry.internal);
  return external?.address ?? "0.0.0.0";
}

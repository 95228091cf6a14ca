import { startSandbox } from "../../dist/sandbox/index.js";
import { fixture, tokenCallsPerMinute } from "./fixture.mjs";

/**
 * The sandbox for one import run, in a process of its own (started by `sandbox.mjs`): on a
 * machine with two cores the server then has one to itself, and the client under test does
 * not share its event loop with the server it is measured against. Argument: the added
 * latency in milliseconds. Tells its URL once listening; on "close", tells how many
 * participants it holds and how many requests it answered, then stops.
 */
const latencyMs = Number(process.argv[2] ?? 0);
const sandbox = await startSandbox({ fixture, tokenCallsPerMinute, faults: { latencyMs } });
process.send({ url: sandbox.url });

process.on("message", async (message) => {
  if (message !== "close") return;

  const participants = sandbox.participants().length;
  const requests = sandbox.requestLog().length;
  await sandbox.close();
  process.send({ participants, requests }, () => process.disconnect());
});

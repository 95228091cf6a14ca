import { createInterface } from "node:readline/promises";
import { usageError } from "../errors.js";
import type { CliIo } from "./io.js";
import { isProductionOid } from "./parse-options.js";

/**
 * A production study (`(PROD)` in its OID) takes an import only when the user says so: with
 * `--yes`, or by typing "yes" at a terminal. Where nobody can answer (CI, a pipe), the run is
 * refused before anything is sent, naming the flag to add.
 */
export async function confirmProduction(studyOid: string, yes: boolean, io: CliIo): Promise<void> {
  if (!isProductionOid(studyOid)) return;

  if (yes) {
    io.notice(`Importing into the production study ${studyOid} (confirmed with --yes).`);
    return;
  }

  const interactive =
    process.stdin.isTTY === true && io.stderrStream.isTTY === true && io.env.CI === undefined;
  if (!interactive) {
    throw usageError(
      `${studyOid} is a production study. Nothing was sent. Run "oc-participants plan" first, then add --yes to import into it.`,
    );
  }

  const prompt = createInterface({ input: process.stdin, output: io.stderrStream });
  try {
    const answer = await prompt.question(
      `${studyOid} is a production study. Type yes to import into it: `,
    );
    if (answer.trim().toLowerCase() !== "yes") throw usageError("Not confirmed. Nothing was sent.");
  } finally {
    prompt.close();
  }
}

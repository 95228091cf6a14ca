import { type ValidateOptions, validateFile } from "../validate/validate-file.js";
import { invalidOutcome, type RowOutcome, validOutcome } from "./outcome.js";
import { createTally, type RunSummary } from "./tally.js";

export interface ValidateRunOptions extends ValidateOptions {
  file: string;
  onOutcome?: (outcome: RowOutcome) => void;
  /** Told once, before the first row, of the header columns no field uses. */
  onIgnoredColumns?: (headers: string[]) => void;
}

/** Checks every row of a file with no network, and tells each row's outcome as it is known. */
export async function runValidate(options: ValidateRunOptions): Promise<RunSummary> {
  const tally = createTally();
  const { columns, rows } = await validateFile(options.file, options);
  if (columns.ignored.length > 0) options.onIgnoredColumns?.(columns.ignored);

  for await (const checked of rows) {
    const outcome = checked.findings.length > 0 ? invalidOutcome(checked) : validOutcome(checked);
    tally.add(outcome);
    options.onOutcome?.(outcome);
  }

  return tally.summary();
}

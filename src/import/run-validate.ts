import { inputError } from "../errors.js";
import { type ValidateOptions, validateFile } from "../validate/validate-file.js";
import { invalidOutcome, type RowOutcome, validOutcome } from "./outcome.js";
import { createTally, type RunSummary } from "./tally.js";

export interface ValidateRunOptions extends ValidateOptions {
  file: string;
  onOutcome?: (outcome: RowOutcome) => void;
  /** Told once the header has been read, before the first row: open a report here. */
  onStart?: (start: RunStart) => void;
}

export interface RunStart {
  /** The number of data rows, when the file has been read through first (import does). */
  rows: number | null;
  /** Header columns that feed no field. */
  ignoredColumns: string[];
}

/** Checks every row of a file with no network, and tells each row's outcome as it is known. */
export async function runValidate(options: ValidateRunOptions): Promise<RunSummary> {
  const tally = createTally();
  const { ignoredColumns, rows } = await validateFile(options.file, options);
  options.onStart?.({ rows: null, ignoredColumns });

  for await (const checked of rows) {
    const outcome = checked.findings.length > 0 ? invalidOutcome(checked) : validOutcome(checked);
    tally.add(outcome);
    options.onOutcome?.(outcome);
  }

  const summary = tally.summary();
  if (summary.rows === 0) throw noRowsError(options.file);
  return summary;
}

/** A header and no participants is a broken export, not a file that passes. */
export function noRowsError(file: string) {
  return inputError(`${file} has a header but no participant rows. Is it the right file?`);
}

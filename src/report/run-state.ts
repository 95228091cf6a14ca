import {
  closeSync,
  fchmodSync,
  fdatasyncSync,
  openSync,
  readFileSync,
  renameSync,
  writeSync,
} from "node:fs";
import { z } from "zod";
import { usageError } from "../errors.js";

/**
 * What a resumed run needs beyond the report: proof that the input file is the same one, and
 * the participants that existed before the first run began, so that a row finished after a
 * crash is still reported `created` (as an uninterrupted run would) rather than `updated`.
 * It lives beside the report as `<report>.run.json`, owner-only like the report.
 */
const runStateSchema = z.strictObject({
  version: z.literal(1),
  inputSha256: z.string().regex(/^[0-9a-f]{64}$/),
  studyOid: z.string(),
  existing: z.array(z.string()),
  /** Set once the run has given every row an outcome other than `skipped`: nothing to resume. */
  complete: z.boolean().optional(),
});

export type RunState = z.infer<typeof runStateSchema>;

export function runStatePath(reportPath: string): string {
  return `${reportPath}.run.json`;
}

export function writeRunState(reportPath: string, state: RunState): void {
  const path = runStatePath(reportPath);
  const temporary = `${path}.tmp-${process.pid}`;
  const fd = openSync(temporary, "w", 0o600);
  // A temporary file left by a crashed run keeps its own mode when opened again.
  fchmodSync(fd, 0o600);

  try {
    writeSync(fd, `${JSON.stringify(state)}\n`);
    fdatasyncSync(fd);
  } finally {
    closeSync(fd);
  }

  renameSync(temporary, path);
}

export function readRunState(reportPath: string): RunState {
  const path = runStatePath(reportPath);
  let parsed: unknown;

  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw usageError(
      `Cannot resume: ${path} is missing or unreadable. It is written beside the report by the run to resume; without it the input file cannot be checked.`,
      error,
    );
  }

  const result = runStateSchema.safeParse(parsed);
  if (!result.success)
    throw usageError(`Cannot resume: ${path} is not a run state this tool wrote.`);
  return result.data;
}

/** Marks the run beside this report as complete, once no row is left `skipped`. */
export function markRunComplete(reportPath: string): void {
  writeRunState(reportPath, { ...readRunState(reportPath), complete: true });
}

/**
 * Whether the report at this path belongs to an import that can still be resumed: its run
 * state is there and does not say the run completed.
 */
export function isResumable(reportPath: string): boolean {
  try {
    return readRunState(reportPath).complete !== true;
  } catch {
    return false;
  }
}

import { hashFile } from "../csv/hash-file.js";
import { usageError } from "../errors.js";
import { classifyRow } from "../plan/classify-row.js";
import type { CheckedRow } from "../validate/validate-file.js";
import {
  checkRegisterChoice,
  type ValidateOptions,
  validateFile,
} from "../validate/validate-file.js";
import { createAdaptiveLimit } from "./adaptive-limit.js";
import { connect, type ServerRunOptions } from "./connect.js";
import { conflictOutcome, invalidOutcome, type RowOutcome, skippedOutcome } from "./outcome.js";
import { prepareStudy } from "./prepare-study.js";
import { runPool } from "./run-pool.js";
import { noRowsError, type RunStart } from "./run-validate.js";
import { type SendContext, type StopReason, sendRow } from "./send-row.js";
import { createTally, type RunSummary } from "./tally.js";

export interface ImportOptions extends ValidateOptions, ServerRunOptions {
  concurrency?: number;
  /** Continues an earlier run of the same file (see `ResumeFrom`). */
  resume?: ResumeFrom;
  /** Told once the file has been read, the login made and the study listed, before any write. */
  onStart?: (start: ImportStart) => void;
  /** Told when 429s lower the concurrency, or clean answers raise it again. */
  onConcurrency?: (limit: number) => void;
  /** When aborted, no new row is sent; requests in flight finish; the rest end `skipped`. */
  signal?: AbortSignal;
  sleep?: (ms: number) => Promise<void>;
}

export interface ResumeFrom {
  /** The input's hash when the earlier run began; a different file is refused. */
  inputSha256: string;
  /** Lower-cased IDs the study held before the earlier run, so outcomes read the same. */
  existing: Set<string>;
  /** Each row's outcome in the earlier run. */
  previous: Map<number, RowOutcome>;
  /** Whether a row with this earlier outcome is sent again. */
  resend: (previous: RowOutcome) => boolean;
}

export interface ImportStart extends RunStart {
  inputSha256: string;
  existing: Set<string>;
  /** Valid rows that would be registered for Participate (an account and access code each). */
  registering: number;
}

interface Scan extends RunStart {
  inputSha256: string;
  siteOids: Set<string>;
  registering: number;
}

/**
 * Checks the whole file first (a file that cannot be read sends nothing), logs in once, reads
 * which participants exist, then posts the valid rows with bounded, adaptive concurrency.
 * Every row's outcome is told through `onOutcome` as soon as it is known; a run that stops
 * early still gives every row one outcome, and says why it stopped in `summary.stopped`.
 */
export async function runImport(options: ImportOptions): Promise<RunSummary> {
  const { resume } = options;
  const start = await scanFile(options);

  if (resume !== undefined && resume.inputSha256 !== start.inputSha256) {
    throw usageError(
      `${options.file} is not the file the report was made from (its contents changed). Nothing was sent. Start a new import without --resume, or use the original file.`,
    );
  }

  const ceiling = options.concurrency ?? 4;
  const limit = createAdaptiveLimit(ceiling, (next) => options.onConcurrency?.(next));
  const connection = await connect({
    ...options,
    concurrency: ceiling,
    onRetry: (event) => event.status === 429 && limit.throttled(),
  });

  try {
    const register = options.register ?? false;
    const probeRegister = register || start.registering > 0;
    const map = await prepareStudy(connection.api, options.studyOid, start.siteOids, probeRegister);
    const existing = resume?.existing ?? map.ids();
    options.onStart?.({ ...start, existing });

    let stopped: StopReason | undefined;
    let stopCode: string | undefined;
    const stop = (reason: StopReason, code?: string) => {
      if (stopped !== undefined) return;
      stopped = reason;
      stopCode = code;
    };
    const stopRequested = () => {
      if (options.signal?.aborted === true) stop("interrupted");
      return stopped !== undefined;
    };

    const tally = createTally();
    const context: SendContext = {
      api: connection.api,
      existing,
      studyOid: options.studyOid,
      register,
      limit,
      stop,
      unanswered: { count: 0 },
    };
    const kept = (checked: CheckedRow) => {
      const previous = resume?.previous.get(checked.row);
      return previous !== undefined && !resume?.resend(previous) ? previous : undefined;
    };
    const report = (outcome: RowOutcome, isNew = true) => {
      tally.add(outcome);
      if (isNew) options.onOutcome?.(outcome);
    };

    // One decision for every row, whether the pool reaches it or the run stopped first: a row
    // met after the stop is reported `skipped` (or keeps its earlier or local outcome), so the
    // report covers every row and a resumed run knows exactly what is left.
    const decide = async (checked: CheckedRow): Promise<void> => {
      const previous = kept(checked);
      if (previous !== undefined) return report(previous, false);
      if (checked.findings.length > 0) return report(invalidOutcome(checked));

      const verdict = classifyRow(checked, map, options.studyOid);
      if (verdict.kind === "conflict")
        return report(conflictOutcome(checked, verdict.code, verdict.detail));
      if (stopRequested())
        return report(skippedOutcome(checked, stopped ?? "interrupted", stopCode));
      report(await sendRow(checked, context));
    };

    const rows = (await validateFile(options.file, options)).rows[Symbol.asyncIterator]();
    const unstarted = await runPool(rows, {
      limit: limit.current,
      work: decide,
      shouldStop: stopRequested,
    });
    for (const checked of unstarted) await decide(checked);
    for (let next = await rows.next(); next.done !== true; next = await rows.next()) {
      await decide(next.value);
    }

    const summary = tally.summary();
    return stopped === undefined ? summary : { ...summary, stopped };
  } finally {
    await connection.close();
  }
}

/** Reads the file through once: a broken file stops here, before any login or request. */
async function scanFile(options: ImportOptions): Promise<Scan> {
  const { columns, ignoredColumns, rows } = await validateFile(options.file, options);
  checkRegisterChoice(columns, options.register === true);
  const siteOids = new Set<string>();
  let count = 0;
  let registering = 0;

  for await (const checked of rows) {
    count++;
    if (checked.findings.length > 0) continue;
    if (checked.siteOid !== null) siteOids.add(checked.siteOid);
    if (checked.register ?? options.register === true) registering++;
  }

  if (count === 0) throw noRowsError(options.file);
  const inputSha256 = await hashFile(options.file);
  return { rows: count, ignoredColumns, inputSha256, siteOids, registering };
}

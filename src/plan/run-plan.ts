import { connect, type ServerRunOptions } from "../import/connect.js";
import { conflictOutcome, invalidOutcome, type RowOutcome, rowOutcome } from "../import/outcome.js";
import { noRowsError } from "../import/run-validate.js";
import { createTally, type RunSummary } from "../import/tally.js";
import {
  checkRegisterChoice,
  type ValidateOptions,
  validateFile,
} from "../validate/validate-file.js";
import { classifyRow } from "./classify-row.js";
import { type PreflightProblem, preflight } from "./preflight.js";
import { readStudyMap } from "./study-map.js";

export type PlanOptions = ValidateOptions & ServerRunOptions;

export interface PlanResult {
  summary: RunSummary;
  /** Sites (or the study) that would refuse every row: an import would stop before sending. */
  problems: PreflightProblem[];
}

/**
 * What an import would do, without doing it: each row is `create`, `update`, `conflict` or
 * `invalid`, judged from the study's listings, and every target site is asked (by a request
 * that cannot write, see `preflight`) whether it would take rows from this account at all.
 */
export async function runPlan(options: PlanOptions): Promise<PlanResult> {
  const { siteOids, registering } = await collectSites(options);
  const connection = await connect({ ...options, concurrency: 1 });

  try {
    const { api } = connection;
    const map = await readStudyMap(api, options.studyOid, siteOids);
    const register = options.register === true || registering;
    const problems = await preflight(api, options.studyOid, siteOids, register);
    const tally = createTally();

    for await (const checked of (await validateFile(options.file, options)).rows) {
      const verdict =
        checked.findings.length > 0 ? undefined : classifyRow(checked, map, options.studyOid);
      const outcome: RowOutcome =
        verdict === undefined
          ? invalidOutcome(checked)
          : verdict.kind === "conflict"
            ? conflictOutcome(checked, verdict.code, verdict.detail)
            : rowOutcome(checked, {
                outcome: verdict.kind,
                errorCode: null,
                httpStatus: null,
                attempts: 0,
                message: verdict.kind === "update" ? overwritten(verdict.fields) : null,
              });
      tally.add(outcome);
      options.onOutcome?.(outcome);
    }

    return { summary: tally.summary(), problems };
  } finally {
    await connection.close();
  }
}

/** The sites the valid rows go to, and whether any row asks to be registered. */
async function collectSites(options: PlanOptions) {
  const siteOids = new Set<string>();
  let registering = false;
  let rows = 0;

  const file = await validateFile(options.file, options);
  checkRegisterChoice(file.columns, options.register === true);

  for await (const checked of file.rows) {
    rows++;
    if (checked.findings.length > 0) continue;
    if (checked.siteOid !== null) siteOids.add(checked.siteOid);
    registering ||= checked.register === true;
  }

  if (rows === 0) throw noRowsError(options.file);
  return { siteOids, registering };
}

function overwritten(fields: string[]): string {
  return fields.length === 0
    ? "nothing to change: the row has no contact fields"
    : `would overwrite: ${fields.join(", ")}`;
}

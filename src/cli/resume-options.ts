import { existsSync } from "node:fs";
import { usageError } from "../errors.js";
import type { ResumeFrom } from "../import/run-import.js";
import { readReport } from "../report/read-report.js";
import { readRunState } from "../report/run-state.js";

export interface ResumeFlags {
  resume?: string;
  retryFailed?: string;
  report?: string;
  study?: string;
}

export interface ResumePlan {
  reportPath: string;
  from: ResumeFrom;
}

/**
 * `--resume REPORT` sends again every row not already `created` or `updated`;
 * `--retry-failed REPORT` sends only rows that ended `failed`. Either continues the report it
 * names, after checking (in the import) that the input file is the one the report describes.
 */
export function planResume(flags: ResumeFlags, studyOid: string): ResumePlan | undefined {
  const reportPath = flags.resume ?? flags.retryFailed;
  if (reportPath === undefined) return undefined;

  if (flags.resume !== undefined && flags.retryFailed !== undefined) {
    throw usageError("Give --resume or --retry-failed, not both.");
  }
  if (flags.report !== undefined) {
    throw usageError("--resume and --retry-failed continue the report they name; drop --report.");
  }
  if (!existsSync(reportPath))
    throw usageError(`There is no report at ${reportPath} to resume from.`);

  const state = readRunState(reportPath);
  if (state.studyOid !== studyOid) {
    throw usageError(
      `${reportPath} is the report of an import into ${state.studyOid}, not ${studyOid}. Use the same --study.`,
    );
  }

  const onlyFailed = flags.retryFailed !== undefined;
  return {
    reportPath,
    from: {
      inputSha256: state.inputSha256,
      existing: new Set(state.existing),
      previous: readReport(reportPath),
      resend: (previous) =>
        onlyFailed
          ? previous.outcome === "failed"
          : previous.outcome !== "created" && previous.outcome !== "updated",
    },
  };
}

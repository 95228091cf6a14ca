import type { ParticipantApi } from "../client/api.js";
import { refusedError } from "../errors.js";
import { preflight } from "../plan/preflight.js";
import { readStudyMap, type StudyMap } from "../plan/study-map.js";
import { describeCode } from "../report/describe-code.js";

/**
 * Everything an import reads before its first write: what the study holds, and whether every
 * target site would take rows from this account at all. A problem that concerns a whole study
 * or site stops the run here, with one message, before any row is sent.
 */
export async function prepareStudy(
  api: ParticipantApi,
  studyOid: string,
  siteOids: Set<string>,
  register: boolean,
): Promise<StudyMap> {
  // The listings and the pre-flight do not depend on each other, so they go out at once. When
  // both fail, the listings' failure is the one reported, as when they came first.
  const [listing, checks] = await Promise.allSettled([
    readStudyMap(api, studyOid, siteOids),
    preflight(api, studyOid, siteOids, register),
  ]);
  if (listing.status === "rejected") throw listing.reason;
  if (checks.status === "rejected") throw checks.reason;

  const map = listing.value;
  const problems = checks.value;

  if (problems.length > 0) {
    const lines = problems.map(
      ({ siteOid, code }) =>
        `  ${siteOid}: ${code}. ${describeCode(code).meaning} ${describeCode(code).fix}`,
    );
    throw refusedError(
      `The server would refuse every row for ${problems.length === 1 ? "this site" : "these sites"} of ${studyOid}, so nothing was sent:\n${lines.join("\n")}`,
    );
  }

  return map;
}

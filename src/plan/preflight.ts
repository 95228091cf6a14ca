import type { ParticipantApi } from "../client/api.js";
import { serverCodes } from "../contract/codes.js";
import { tokenRefusedError, unreachableError } from "../errors.js";

/** A site (or the study) that would refuse every row, and the server's code for it. */
export interface PreflightProblem {
  siteOid: string;
  code: string;
}

/** The codes of checks 1 to 5 (contract section 1): they concern a whole study or site. */
export const wholeStudyCodes: ReadonlySet<string> = new Set([
  serverCodes.studyNotExist,
  serverCodes.siteNotExist,
  serverCodes.studyNotAvailable,
  serverCodes.siteNotAvailable,
  serverCodes.noRoleSetUp,
  serverCodes.noSufficientPrivileges,
  serverCodes.participateNotEnabled,
  serverCodes.participateInActive,
  serverCodes.systemGeneratedId,
  serverCodes.enrollmentCapReached,
]);

/**
 * Asks each target site whether this account may add participants there, without adding any.
 * The server runs its checks in a fixed order (contract section 1): study and site, role,
 * Participate, ID setting, enrollment cap, and only then the fields. A POST with an empty body
 * passes or fails the first five and is then refused for its missing participant ID, so its
 * answer is the first whole-study problem, or `missingParticipantIdData` when there is none.
 * Nothing is ever written by it.
 */
export async function preflight(
  api: ParticipantApi,
  studyOid: string,
  siteOids: Iterable<string>,
  register: boolean,
): Promise<PreflightProblem[]> {
  const problems: PreflightProblem[] = [];

  // The sites are asked at once; their answers are then read in the sites' order, so the
  // problems and any failure reported are the same as when they were asked one by one.
  const answers = await Promise.all(
    [...siteOids].map(async (siteOid) => ({
      siteOid,
      answer: await api.postParticipant({ studyOid, siteOid, register }, {}),
    })),
  );

  for (const { siteOid, answer } of answers) {
    if (answer.kind === "rejected" && answer.code !== serverCodes.missingParticipantId) {
      problems.push({ siteOid, code: answer.code });
    } else if (answer.kind === "ok") {
      problems.push({
        siteOid,
        code: "an empty participant was accepted; this server does not follow the documented checks",
      });
    } else if (answer.kind === "failed" && answer.fatal === "login") {
      throw tokenRefusedError();
    } else if (answer.kind === "failed" && answer.status === null) {
      throw unreachableError(`Cannot check ${siteOid} before importing: ${answer.reason}.`);
    }
    // Any other failure (a 500, say) tells nothing about the site; its rows will tell.
  }

  return problems;
}

import type { ParticipantApi } from "../client/api.js";
import { serverCodes } from "../contract/codes.js";
import { loginError, unreachableError, usageError } from "../errors.js";
import { describeCode } from "../report/describe-code.js";

const wholeStudyCodes = new Set<string>([serverCodes.studyNotExist, serverCodes.studyNotAvailable]);

/**
 * Which participant IDs the study already holds, so that a 200 (which says nothing about
 * which happened, contract section 1) can be reported as `created` or `updated`. The server
 * looks IDs up case-insensitively across the whole study (check 8), so this does too.
 */
export interface KnownParticipants {
  has(siteOid: string, participantId: string): Promise<boolean>;
  add(participantId: string): void;
}

/**
 * Lists the whole study once when the user's role allows it (contract section 3); otherwise
 * lists each site the first time a row needs it.
 */
export async function loadKnownParticipants(
  api: ParticipantApi,
  studyOid: string,
): Promise<KnownParticipants> {
  const known = new Set<string>();
  const study = await api.listParticipants(studyOid);

  if (study.kind === "failed" && study.status === null) {
    throw unreachableError(`Cannot read the study's participants: ${study.reason}.`);
  }

  // A 401 that survived a fresh login (or came with OC_TOKEN, which cannot be renewed) would
  // refuse every row the same way: stop before sending any (contract section 2).
  if (study.kind === "failed" && study.status === 401) {
    throw loginError(
      "The server refused the token (HTTP 401). Check OC_TOKEN, or set OC_USERNAME and OC_PASSWORD instead.",
    );
  }

  // A study that does not exist or is not available refuses every row alike: stop before any
  // is sent (contract section 1, check 1) instead of posting thousands of doomed requests.
  if (study.kind === "rejected" && wholeStudyCodes.has(study.code)) {
    throw usageError(
      `The server refused study ${studyOid}: ${study.code}. ${describeCode(study.code).fix}`,
    );
  }

  const listedSites = new Map<string, Promise<void>>();
  const wholeStudy = study.kind === "ok";
  if (wholeStudy) for (const entry of study.value) known.add(entry.subjectKey.toLowerCase());

  const listSite = async (siteOid: string): Promise<void> => {
    const site = await api.listParticipants(studyOid, siteOid);
    if (site.kind === "ok")
      for (const entry of site.value) known.add(entry.subjectKey.toLowerCase());
  };

  return {
    async has(siteOid, participantId) {
      if (!wholeStudy) {
        let listing = listedSites.get(siteOid);
        if (listing === undefined) {
          listing = listSite(siteOid);
          listedSites.set(siteOid, listing);
        }
        await listing;
      }
      return known.has(participantId.toLowerCase());
    },

    add(participantId) {
      known.add(participantId.toLowerCase());
    },
  };
}

import type { ApiResult, ListedParticipant, ParticipantApi } from "../client/api.js";
import { serverCodes } from "../contract/codes.js";
import { loginError, unreachableError, usageError } from "../errors.js";
import { describeCode } from "../report/describe-code.js";

const wholeStudyCodes = new Set<string>([serverCodes.studyNotExist, serverCodes.studyNotAvailable]);

/**
 * Which participant IDs the study holds before the run, lower-cased: the server answers 200
 * for both an add and an update (contract section 1), so this tells `created` from `updated`.
 * The server looks IDs up case-insensitively across the whole study (check 8), so this does
 * too. The whole study is listed when the account may (contract section 3); otherwise every
 * site the file names, all before the first write, so that a resumed run can reuse the set.
 */
export async function listExistingParticipants(
  api: ParticipantApi,
  studyOid: string,
  siteOids: Iterable<string>,
): Promise<Set<string>> {
  const existing = new Set<string>();
  const study = await api.listParticipants(studyOid);
  checkListing(study, studyOid);

  if (study.kind === "ok") {
    for (const entry of study.value) existing.add(entry.subjectKey.toLowerCase());
    return existing;
  }

  for (const siteOid of siteOids) {
    const site = await api.listParticipants(studyOid, siteOid);
    checkListing(site, studyOid);
    // A site the server refuses (siteNotExist...) refuses its rows the same way; each of
    // those rows is reported with the server's code when it is sent.
    if (site.kind === "ok")
      for (const entry of site.value) existing.add(entry.subjectKey.toLowerCase());
  }

  return existing;
}

function checkListing(listing: ApiResult<ListedParticipant[]>, studyOid: string): void {
  if (listing.kind === "failed" && listing.fatal === "login") {
    throw loginError(
      "The server refused the token (HTTP 401). Check OC_TOKEN, or set OC_USERNAME and OC_PASSWORD instead.",
    );
  }

  if (listing.kind === "failed" && listing.status === null) {
    throw unreachableError(`Cannot read the study's participants: ${listing.reason}.`);
  }

  // A study that does not exist or is not available refuses every row alike: stop before any
  // is sent (contract section 1, check 1) instead of posting thousands of doomed requests.
  if (listing.kind === "rejected" && wholeStudyCodes.has(listing.code)) {
    throw usageError(
      `The server refused study ${studyOid}: ${listing.code}. ${describeCode(listing.code).fix}`,
    );
  }
}

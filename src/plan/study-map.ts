import type { ApiResult, ListedParticipant, ParticipantApi } from "../client/api.js";
import { tokenRefusedError, unreachableError } from "../errors.js";

/** One participant the server listed, and where. */
export interface KnownParticipant {
  subjectKey: string;
  status: string;
  /** The site (or the study OID, for the study level) it was listed under; null if unknown. */
  siteOid: string | null;
}

/**
 * What the study holds before a run, read with the listing endpoints only (contract section 3),
 * so that reading it never writes. The whole-study listing names every participant but not its
 * site; each site's listing names its own. Lookups are case-insensitive, as the server's are.
 */
export interface StudyMap {
  find(participantId: string): KnownParticipant[];
  /** Lower-cased IDs of every participant listed, for telling `created` from `updated`. */
  ids(): Set<string>;
  /** Sites whose listing the server refused, with its errorCode. */
  refusedSites: Map<string, string>;
}

export async function readStudyMap(
  api: ParticipantApi,
  studyOid: string,
  siteOids: Iterable<string>,
): Promise<StudyMap> {
  const byId = new Map<string, KnownParticipant[]>();
  const refusedSites = new Map<string, string>();
  const add = (entry: ListedParticipant, siteOid: string | null) => {
    const key = entry.subjectKey.toLowerCase();
    const list = byId.get(key) ?? [];
    const same = list.find((known) => known.subjectKey === entry.subjectKey);
    if (same !== undefined && same.siteOid === null) same.siteOid = siteOid;
    else if (same === undefined)
      list.push({ subjectKey: entry.subjectKey, status: entry.status, siteOid });
    byId.set(key, list);
  };

  // The study's own level is listed too: participants added there belong to no site. The
  // listings are independent reads, so they are all asked for at once, then taken in this
  // order, which decides both the map and which failure is reported.
  const levels = [...new Set([...siteOids, studyOid])];
  const [study, sites] = await Promise.all([
    api.listParticipants(studyOid),
    Promise.all(
      levels.map(async (siteOid) => ({
        siteOid,
        site: await api.listParticipants(studyOid, siteOid),
      })),
    ),
  ]);

  checkTransport(study);
  if (study.kind === "ok") for (const entry of study.value) add(entry, null);

  for (const { siteOid, site } of sites) {
    checkTransport(site);
    if (site.kind === "ok") for (const entry of site.value) add(entry, siteOid);
    else if (site.kind === "rejected" && siteOid !== studyOid) refusedSites.set(siteOid, site.code);
  }

  return {
    find: (participantId) => byId.get(participantId.toLowerCase()) ?? [],
    ids: () => new Set(byId.keys()),
    refusedSites,
  };
}

function checkTransport(listing: ApiResult<ListedParticipant[]>): void {
  if (listing.kind !== "failed") return;

  if (listing.fatal === "login") {
    throw tokenRefusedError();
  }
  throw unreachableError(`Cannot read the study's participants: ${listing.reason}.`);
}

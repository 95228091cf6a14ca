import { localCodes } from "../contract/codes.js";
import type { CheckedRow } from "../validate/validate-file.js";
import type { StudyMap } from "./study-map.js";

/** What sending a valid row would do, judged from the study's listings alone. */
export type Verdict =
  | { kind: "create" }
  | { kind: "update"; fields: string[] }
  | { kind: "conflict"; code: string; detail: string };

const removedStatuses = new Set(["deleted", "auto_deleted", "removed", "auto-removed"]);

/**
 * Mirrors the server's checks 7 and 8 (contract section 1) on what the listings show. A row
 * the server would send to the wrong place, or answer misleadingly, is a conflict: the same ID
 * at another site (the server says `participantNotFound`), the same ID in another case
 * spelling (the server would update the existing participant, wherever it is), or a removed
 * participant (the server says `participantIDNotAvailable`).
 */
export function classifyRow(checked: CheckedRow, map: StudyMap, studyOid: string): Verdict {
  const participantId = checked.participantId ?? "";
  const siteOid = checked.siteOid ?? studyOid;
  const matches = map.find(participantId);
  const [match] = matches;

  if (match === undefined) return { kind: "create" };

  // The listings name a participant's site only for the sites the file names (contract
  // section 3: the study-wide listing has no site per participant).
  const where = match.siteOid ?? "another site of the study (one this file does not name)";

  if (removedStatuses.has(match.status.toLowerCase())) {
    return conflict(
      localCodes.participantRemoved,
      `${match.subjectKey} was removed from the study (status ${match.status})`,
    );
  }

  if (match.siteOid !== siteOid) {
    return conflict(
      localCodes.participantAtOtherSite,
      `${match.subjectKey} is at ${where}, not ${siteOid}`,
    );
  }

  if (match.subjectKey !== participantId) {
    return conflict(
      localCodes.participantIdCaseDiffers,
      `the study has this participant as ${match.subjectKey}; the file spells it differently`,
    );
  }

  const fields = Object.keys(checked.body).filter((field) => field !== "subjectKey");
  return { kind: "update", fields };
}

function conflict(code: string, detail: string): Verdict {
  return { kind: "conflict", code, detail };
}

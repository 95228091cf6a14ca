import { inputError } from "../errors.js";
import { showHiddenCharacters } from "./hidden-characters.js";

/** The request fields a CSV column can feed, plus the row's site OID and Participate choice. */
export const columnFields = [
  "subjectKey",
  "firstName",
  "lastName",
  "identifier",
  "emailAddress",
  "phoneNumber",
  "siteOid",
  "register",
] as const;

export type ColumnField = (typeof columnFields)[number];

export interface ColumnMap {
  /** Position of each known field's column in the header. */
  positions: Partial<Record<ColumnField, number>>;
  headers: string[];
  /** Headers that feed no field; the CLI names them once. */
  ignored: string[];
}

/**
 * Header names people use, compared after `normaliseHeader`: OpenClinica's bulk template
 * (`ParticipantID`, `MobileNumber`...), the API's own field names, and plain words.
 */
const aliases: Record<ColumnField, string[]> = {
  subjectKey: ["participantid", "subjectkey", "studysubjectid", "studyparticipantid", "subjectid"],
  firstName: ["firstname", "givenname", "forename"],
  lastName: ["lastname", "surname", "familyname"],
  identifier: ["identifier", "secondaryid", "secondaryidentifier", "secondarylabel"],
  emailAddress: ["emailaddress", "email"],
  phoneNumber: ["mobilenumber", "phonenumber", "mobile", "phone", "mobilephone", "cellphone"],
  siteOid: ["site", "siteoid"],
  register: ["register", "participate", "registerparticipate", "registerforparticipate"],
};

/**
 * Finds each field's column by header name. `overrides` (from `--map field=Header`) replace
 * the aliases for their field. A missing participant ID column, or two columns that both
 * claim one field, refuse the file: guessing which column is meant could send the wrong data.
 */
export function mapColumns(
  headers: string[],
  overrides: Partial<Record<ColumnField, string>> = {},
): ColumnMap {
  const positions: Partial<Record<ColumnField, number>> = {};
  const claimed = new Set<number>();
  const chosen = chosenColumns(headers, overrides);

  for (const field of columnFields) {
    const wanted = overrides[field];
    const names = wanted === undefined ? aliases[field] : [normaliseHeader(wanted)];

    // A column the user chose for one field with --map is never also taken by another
    // field's aliases: that would send one value as two fields, or refuse a clear choice.
    const matches = headers.flatMap((header, index) =>
      names.includes(normaliseHeader(header)) && (wanted !== undefined || !chosen.has(index))
        ? [index]
        : [],
    );

    if (matches.length > 1) {
      const found = matches.map((index) => `"${showHeader(headers[index])}"`).join(" and ");
      const identical = new Set(matches.map((index) => headers[index])).size === 1;
      const remedy = identical
        ? "Rename one of them."
        : `Rename one, or choose with --map ${field}="Header".`;
      throw inputError(`Columns ${found} both look like the ${field} column. ${remedy}`);
    }

    const [position] = matches;
    if (position !== undefined) {
      positions[field] = position;
      claimed.add(position);
    } else if (wanted !== undefined) {
      throw inputError(
        `--map ${field}="${wanted}" names no column in the file. Headers seen: ${listHeaders(headers)}.`,
      );
    }
  }

  if (positions.subjectKey === undefined) {
    // A first row of data instead of a header would put a participant's details in a CI
    // log, so such a row is described, never quoted.
    if (headers.some(looksLikeData)) {
      throw inputError(
        'The file has no participant ID column, and its first row looks like data (an email address or a long number), not a header. Add a header row with a "Participant ID" column.',
      );
    }
    throw inputError(
      `The file has no participant ID column. Headers seen: ${listHeaders(headers)}. Name the column "Participant ID", or choose it with --map subjectKey="Header".`,
    );
  }

  const ignored = headers
    .filter((header, index) => !claimed.has(index) && header.trim() !== "")
    .map(showHeader);
  return { positions, headers, ignored };
}

/** Case, spaces, underscores, hyphens and dots do not matter: "Participant ID" = "participant_id". */
export function normaliseHeader(header: string): string {
  return header
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s_.\-\uFEFF]/g, "");
}

/** The positions of the columns that `--map` names, for whichever field. */
function chosenColumns(
  headers: string[],
  overrides: Partial<Record<ColumnField, string>>,
): Set<number> {
  const wanted = Object.values(overrides).map((header) => normaliseHeader(header));
  const positions = headers.flatMap((header, index) =>
    wanted.includes(normaliseHeader(header)) ? [index] : [],
  );
  return new Set(positions);
}

function looksLikeData(header: string): boolean {
  return header.includes("@") || /\d{5}/.test(header.replace(/[\s().+-]/g, ""));
}

function listHeaders(headers: string[]): string {
  return headers.length === 0
    ? "(none)"
    : headers.map((header) => `"${showHeader(header)}"`).join(", ");
}

/**
 * Headers are the file's text and reach a terminal in messages: an escape sequence in one must
 * show as its code, not act on the screen.
 */
function showHeader(header: string | undefined): string {
  return showHiddenCharacters(header ?? "");
}

import { type FatalError, inputError, usageError } from "../errors.js";
import { showHiddenCharacters } from "../hidden-characters.js";

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
 * Finds each field's column by header name. `overrides` (from `--map field=Header`, or the config
 * file's `map`) replace the aliases for their field. A missing participant ID column, two columns
 * that both claim one field, or one column that would fill two fields refuse the file: guessing
 * which column is meant could send the wrong data, or a name as a participant ID.
 */
export function mapColumns(
  headers: string[],
  overrides: Partial<Record<ColumnField, string>> = {},
): ColumnMap {
  const { positions, owners } = chooseColumns(headers, overrides);

  for (const field of columnFields) {
    if (overrides[field] !== undefined) continue;

    const position = findColumn(headers, field, owners, overrides);
    if (position !== undefined) {
      positions[field] = position;
      owners.set(position, field);
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
    // With not one header known, the first line may well be a participant (a name, say): it
    // is counted, not quoted, unless it looks like a header line cut at the wrong delimiter.
    if (owners.size === 0 && !headers.some((header) => /[;|\t]/.test(header))) {
      throw inputError(
        `The file has no participant ID column, and none of its ${headers.length} columns has a header this tool knows, so its first line may be a participant rather than a header. Add a header row with a "Participant ID" column, or choose the ID column with --map subjectKey="Header".`,
      );
    }
    throw inputError(
      `The file has no participant ID column. Headers seen: ${listHeaders(headers)}. Name the column "Participant ID", or choose it with --map subjectKey="Header".`,
    );
  }

  checkIdColumnsUsed(headers, positions.subjectKey, owners, overrides);

  const ignored = headers
    .filter((header, index) => !owners.has(index) && header.trim() !== "")
    .map(showHeader);
  return { positions, headers, ignored };
}

/** The field whose header names include this one, if any: such a header is never a person's data. */
export function recognisedField(header: string): ColumnField | undefined {
  const name = normaliseHeader(header);
  return columnFields.find((field) => aliases[field].includes(name));
}

/** Case, spaces, underscores, hyphens and dots do not matter: "Participant ID" = "participant_id". */
export function normaliseHeader(header: string): string {
  return header
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s_.\-\uFEFF]/g, "");
}

/**
 * The column each `--map` names, by field, and the field each chosen column fills. Two maps
 * may not name one column.
 */
function chooseColumns(
  headers: string[],
  overrides: Partial<Record<ColumnField, string>>,
): { positions: Partial<Record<ColumnField, number>>; owners: Map<number, ColumnField> } {
  const positions: Partial<Record<ColumnField, number>> = {};
  const owners = new Map<number, ColumnField>();

  for (const field of columnFields) {
    const wanted = overrides[field];
    if (wanted === undefined) continue;

    const matches = matchingColumns(headers, [normaliseHeader(wanted)]);
    const [position] = matches;
    if (matches.length > 1) throw duplicateError(headers, matches, field);
    if (position === undefined) {
      throw inputError(
        `--map ${field}="${showHeader(wanted)}" names no column in the file. Headers seen: ${listHeaders(headers)}.`,
      );
    }

    const owner = owners.get(position);
    if (owner !== undefined) {
      throw usageError(
        `${mapFlag(field, overrides)}: "${showHeader(headers[position])}" is already the ${owner} column (${mapFlag(owner, overrides)}). A column can fill one field only: choose another column for one of them.`,
      );
    }
    positions[field] = position;
    owners.set(position, field);
  }

  return { positions, owners };
}

/**
 * The column a field's own header names find, leaving out the columns `--map` chose for other
 * fields: those settle which of two look-alike columns is meant. When `--map` took the only
 * column that the field's names find, one value would fill two fields, so the file is refused.
 */
function findColumn(
  headers: string[],
  field: ColumnField,
  owners: ReadonlyMap<number, ColumnField>,
  overrides: Partial<Record<ColumnField, string>>,
): number | undefined {
  const matches = matchingColumns(headers, aliases[field]);
  const free = matches.filter((index) => !owners.has(index));
  if (free.length > 1) throw duplicateError(headers, free, field);

  const [taken] = matches;
  const owner = free.length === 0 && taken !== undefined ? owners.get(taken) : undefined;
  if (taken !== undefined && owner !== undefined) {
    throw usageError(
      `${mapFlag(owner, overrides)}: "${showHeader(headers[taken])}" is already the ${field} column. A column can fill one field only: choose another column for ${owner}, or map ${field} to another column too (--map ${field}="Header"), or rename the header.`,
    );
  }

  return free[0];
}

/**
 * `--map subjectKey` may choose between two columns that are both named like a participant ID.
 * A column named so is never left out for one that is not: a `--map` naming the wrong column
 * would then send a name or a date as every participant's ID, and create bogus participants.
 */
function checkIdColumnsUsed(
  headers: string[],
  chosen: number,
  owners: ReadonlyMap<number, ColumnField>,
  overrides: Partial<Record<ColumnField, string>>,
): void {
  if (overrides.subjectKey === undefined) return;
  if (recognisedField(headers[chosen] ?? "") === "subjectKey") return;

  const unused = headers.findIndex(
    (header, index) => !owners.has(index) && recognisedField(header) === "subjectKey",
  );
  if (unused === -1) return;

  const header = showHeader(headers[unused]);
  throw usageError(
    `${mapFlag("subjectKey", overrides)} would leave the "${header}" column unused, though its name says it holds participant IDs. Use --map subjectKey="${header}"; or, if "${showHeader(headers[chosen])}" is the right column, rename or remove "${header}", or map it to another field, e.g. --map identifier="${header}".`,
  );
}

function matchingColumns(headers: string[], names: string[]): number[] {
  return headers.flatMap((header, index) =>
    names.includes(normaliseHeader(header)) ? [index] : [],
  );
}

function duplicateError(headers: string[], matches: number[], field: ColumnField): FatalError {
  const found = matches.map((index) => `"${showHeader(headers[index])}"`).join(" and ");
  const identical = new Set(matches.map((index) => headers[index])).size === 1;
  const remedy = identical
    ? "Rename one of them."
    : `Rename one, or choose with --map ${field}="Header".`;
  return inputError(`Columns ${found} both look like the ${field} column. ${remedy}`);
}

/** The `--map` entry as the user wrote it, safe to show. */
function mapFlag(field: ColumnField, overrides: Partial<Record<ColumnField, string>>): string {
  return `--map ${field}="${showHeader(overrides[field])}"`;
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

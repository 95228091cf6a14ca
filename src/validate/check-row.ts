import type { CountryCode } from "libphonenumber-js";
import { localCodes, serverCodes } from "../contract/codes.js";
import { isWellFormedOid } from "../contract/paths.js";
import {
  checkParticipantFields,
  type ParticipantBody,
  type ParticipantField,
} from "../contract/rules.js";
import { columnFields } from "../csv/columns.js";
import type { CsvRow } from "../csv/read-rows.js";
import { findHiddenCharacter, hiddenOrReplacement } from "../hidden-characters.js";
import { explainEmail, toAsciiEmail } from "./email.js";
import type { Finding } from "./findings.js";
import { normalisePhone, type PhoneResult } from "./phone.js";

export interface RowCheckOptions {
  /** For phone numbers written without `+`. */
  defaultCountry?: CountryCode;
  /** From `--site`: the site OID for rows without a site column value. */
  defaultSiteOid?: string;
  /** From `--register=column`: each row's Register column says whether to register it. */
  registerFromColumn?: boolean;
}

export interface CheckedFields {
  body: ParticipantBody;
  siteOid: string | null;
  /** The row's own Participate choice (`--register=column`), or null to follow the run's. */
  register: boolean | null;
  findings: Finding[];
}

/** The fields sent as they were written; email and phone are converted first. */
const textFields = [
  "subjectKey",
  "firstName",
  "lastName",
  "identifier",
] as const satisfies readonly ParticipantField[];

const yes = new Set(["y", "yes", "true", "1", "x"]);
const no = new Set(["n", "no", "false", "0"]);

/**
 * Applies the contract's checks to one row, in the server's order (contract section 1):
 * site first (check 1), then the fields (check 6). The body holds only non-empty cells, so an
 * update never clears a field by accident. `checkedPhone` is the row's phone number already
 * checked (a batch at a time, see `createPhoneChecker`); without it, it is checked here.
 */
export function checkRow(
  row: CsvRow,
  options: RowCheckOptions = {},
  checkedPhone?: PhoneResult,
): CheckedFields {
  const { cells } = row;
  const findings = unreadableText(cells);

  const siteOid = cells.siteOid ?? options.defaultSiteOid ?? null;
  if (siteOid === null) {
    findings.push({ field: "siteOid", code: localCodes.missingSite });
  } else if (!isWellFormedOid(siteOid)) {
    findings.push({ field: "siteOid", code: localCodes.invalidSiteOid });
  }

  const body: ParticipantBody = {};
  for (const field of textFields) {
    const value = cells[field];
    if (value !== undefined && value !== "") body[field] = value;
  }
  if (cells.emailAddress !== undefined && cells.emailAddress !== "") {
    body.emailAddress = toAsciiEmail(cells.emailAddress);
  }

  const phone =
    cells.phoneNumber === undefined
      ? undefined
      : (checkedPhone ?? normalisePhone(cells.phoneNumber, options.defaultCountry));
  if (phone?.ok === true) body.phoneNumber = phone.value;

  for (const problem of checkParticipantFields(body)) {
    const detail =
      problem.code === serverCodes.invalidEmailAddress && cells.emailAddress !== undefined
        ? explainEmail(cells.emailAddress)
        : undefined;
    findings.push({ field: problem.field, code: problem.code, detail });
  }

  if (phone?.ok === false) {
    findings.push({
      field: "phoneNumber",
      code: serverCodes.invalidPhoneNumber,
      detail: phone.hint,
    });
  }

  const register =
    options.registerFromColumn === true ? readRegister(cells.register, findings) : null;
  return { body, siteOid, register, findings };
}

/** A Register cell: yes or no in the usual spellings; empty is no; anything else is refused. */
function readRegister(cell: string | undefined, findings: Finding[]): boolean {
  const value = (cell ?? "").toLowerCase();
  if (value === "" || no.has(value)) return false;
  if (yes.has(value)) return true;

  findings.push({
    field: "register",
    code: localCodes.invalidRegisterValue,
    detail: "is neither yes nor no",
  });
  return false;
}

/**
 * A value is never sent when what the server would store is not what a person sees: a U+FFFD
 * means some bytes did not decode (or were already lost upstream); a control or invisible
 * formatting character (a line break, an escape, a right-to-left override) would make the
 * participant look different in OpenClinica from how the value is stored. The contract is
 * silent on such characters (see README, "Where the contract is silent"), so the tool refuses
 * them rather than guess. One test per value finds either; only a hit looks closer.
 */
function unreadableText(cells: CsvRow["cells"]): Finding[] {
  const findings: Finding[] = [];

  for (const field of columnFields) {
    const value = cells[field];
    if (value === undefined || !hiddenOrReplacement.test(value)) continue;

    if (value.includes("\uFFFD")) {
      findings.push({
        field,
        code: localCodes.undecodableText,
        detail: "holds a character that did not decode (U+FFFD); check --encoding",
      });
    }

    const hidden = findHiddenCharacter(value);
    if (hidden !== undefined) {
      findings.push({
        field,
        code: localCodes.controlCharacter,
        detail: `holds ${hidden.codePoint} (${hidden.name}) at character ${hidden.position}`,
      });
    }
  }

  return findings;
}

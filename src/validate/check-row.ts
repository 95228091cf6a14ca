import type { CountryCode } from "libphonenumber-js";
import { localCodes, serverCodes } from "../contract/codes.js";
import { isWellFormedOid } from "../contract/paths.js";
import { checkParticipantFields, type ParticipantBody } from "../contract/rules.js";
import type { CsvRow } from "../csv/read-rows.js";
import { explainEmail, toAsciiEmail } from "./email.js";
import type { Finding } from "./findings.js";
import { normalisePhone } from "./phone.js";

export interface RowCheckOptions {
  /** For phone numbers written without `+`. */
  defaultCountry?: CountryCode;
  /** From `--site`: the site OID for rows without a site column value. */
  defaultSiteOid?: string;
}

export interface CheckedFields {
  body: ParticipantBody;
  siteOid: string | null;
  findings: Finding[];
}

/**
 * Applies the contract's checks to one row, in the server's order (contract section 1):
 * site first (check 1), then the fields (check 6). The body holds only non-empty cells, so an
 * update never clears a field by accident.
 */
export function checkRow(row: CsvRow, options: RowCheckOptions = {}): CheckedFields {
  const { cells } = row;
  const findings = undecodedCells(cells);

  const siteOid = cells.siteOid ?? options.defaultSiteOid ?? null;
  if (siteOid === null) {
    findings.push({ field: "siteOid", code: localCodes.missingSite });
  } else if (!isWellFormedOid(siteOid)) {
    findings.push({ field: "siteOid", code: localCodes.invalidSiteOid });
  }

  const body: ParticipantBody = {
    subjectKey: cells.subjectKey,
    firstName: cells.firstName,
    lastName: cells.lastName,
    identifier: cells.identifier,
    emailAddress: cells.emailAddress === undefined ? undefined : toAsciiEmail(cells.emailAddress),
  };

  const phone =
    cells.phoneNumber === undefined
      ? undefined
      : normalisePhone(cells.phoneNumber, options.defaultCountry);
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

  return { body: withoutEmpty(body), siteOid, findings };
}

/**
 * A U+FFFD in a cell means some bytes did not decode (or were already lost upstream); such a
 * value is never sent, whatever else the row holds.
 */
function undecodedCells(cells: CsvRow["cells"]): Finding[] {
  return Object.entries(cells)
    .filter(([, value]) => value.includes("\uFFFD"))
    .map(([field]) => ({
      field: field as keyof CsvRow["cells"],
      code: localCodes.undecodableText,
      detail: "holds a character that did not decode (U+FFFD); check --encoding",
    }));
}

function withoutEmpty(body: ParticipantBody): ParticipantBody {
  return Object.fromEntries(
    Object.entries(body).filter(
      ([, value]) => value !== undefined && value !== null && value !== "",
    ),
  );
}

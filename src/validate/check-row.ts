import type { CountryCode } from "libphonenumber-js";
import { localCodes, serverCodes } from "../contract/codes.js";
import { isWellFormedOid } from "../contract/paths.js";
import { checkParticipantFields, type ParticipantBody } from "../contract/rules.js";
import type { CsvRow } from "../csv/read-rows.js";
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
  const findings: Finding[] = [];
  const { cells } = row;

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
    emailAddress: cells.emailAddress,
  };

  let phoneFinding: Finding | undefined;
  if (cells.phoneNumber !== undefined) {
    const phone = normalisePhone(cells.phoneNumber, options.defaultCountry);
    if (phone.ok) body.phoneNumber = phone.value;
    else
      phoneFinding = {
        field: "phoneNumber",
        code: serverCodes.invalidPhoneNumber,
        detail: phone.hint,
      };
  }

  for (const problem of checkParticipantFields(body)) {
    findings.push({ field: problem.field, code: problem.code });
  }

  if (phoneFinding !== undefined) findings.push(phoneFinding);

  return { body: withoutEmpty(body), siteOid, findings };
}

function withoutEmpty(body: ParticipantBody): ParticipantBody {
  return Object.fromEntries(
    Object.entries(body).filter(
      ([, value]) => value !== undefined && value !== null && value !== "",
    ),
  );
}

import { type CountryCode, isSupportedCountry, parsePhoneNumberWithError } from "libphonenumber-js";

export type PhoneResult = { ok: true; value: string } | { ok: false; hint: string };

/**
 * Turns a phone number as people type it (`+1 (617) 555-0142`, `+33 6 12 34 56 78`) into the
 * server's format, `+CC NNNN` (contract section 1, phone rule). Spreadsheet damage is named,
 * never repaired: a number that lost its `+` or its last digits cannot be rebuilt safely.
 */
export function normalisePhone(text: string, defaultCountry?: CountryCode): PhoneResult {
  if (/^[0-9]+(?:[.,][0-9]+)?E\+?[0-9]+$/i.test(text)) {
    return refuse(
      "is in scientific notation: a spreadsheet stored it as a number and may have lost digits; format the column as text and type it again",
    );
  }

  if (/^\+?[0-9]+\.0+$/.test(text)) {
    return refuse(
      'ends in ".0": a spreadsheet stored it as a number; format the column as text and re-export',
    );
  }

  if (!text.startsWith("+") && defaultCountry === undefined) {
    return refuse(
      "has no country code: write it with + and the country code (+1 617...), or pass --default-country",
    );
  }

  try {
    const phone = parsePhoneNumberWithError(text, defaultCountry);

    if (phone.ext !== undefined) {
      return refuse("has an extension; the server takes a mobile number without one");
    }

    if (!phone.isValid()) {
      return refuse(`is not a valid number for ${phone.country ?? `+${phone.countryCallingCode}`}`);
    }

    return { ok: true, value: `+${phone.countryCallingCode} ${phone.nationalNumber}` };
  } catch {
    return refuse("cannot be read as a phone number");
  }
}

export function isCountryCode(text: string): text is CountryCode {
  return isSupportedCountry(text);
}

function refuse(hint: string): PhoneResult {
  return { ok: false, hint };
}

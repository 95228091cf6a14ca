import { domainToASCII, domainToUnicode } from "node:url";

/**
 * The server's email rule is ASCII only (contract section 1). An internationalised domain
 * (`müller@bücher.de`) has an ASCII form, `xn--bcher-kva.de`, that mail systems use anyway,
 * so the domain is converted; a local part outside ASCII has no such form and is left to fail.
 */
export function toAsciiEmail(email: string): string {
  const at = email.lastIndexOf("@");
  if (at < 0) return email;

  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  if (!isConvertibleDomain(domain)) return email;

  // The conversion also maps away invisible characters (a soft hyphen, a zero-width space)
  // and folds full-width letters. A domain that does not come back as it was written is not
  // converted, so such a value is refused, never quietly repaired.
  const ascii = domainToASCII(domain);
  const roundTrip = ascii === "" ? "" : domainToUnicode(ascii);
  return roundTrip === domain.toLowerCase().normalize("NFC") ? `${local}@${ascii}` : email;
}

/** What is wrong with an email the rule refused, in words that quote none of it. */
export function explainEmail(email: string): string {
  const at = email.lastIndexOf("@");

  if (/\s/.test(email)) return "contains a space";
  if (at < 0 || email.indexOf("@") !== at) return "needs exactly one @";
  if (!isAscii(email.slice(0, at))) {
    return "has characters outside ASCII before the @, which the server does not accept";
  }
  if (!email.slice(at + 1).includes(".")) return "the part after @ needs a dot, e.g. example.org";
  return "is not in the form name@example.org";
}

/**
 * Only a domain with characters outside ASCII needs converting, and only one whose ASCII
 * characters a domain may hold: the conversion (UTS 46) silently drops a tab or a line break,
 * and an address damaged that way must be refused, not repaired.
 */
function isConvertibleDomain(domain: string): boolean {
  return /\P{ASCII}/u.test(domain) && /^(?:[A-Za-z0-9.-]|\P{ASCII})*$/u.test(domain);
}

function isAscii(text: string): boolean {
  return /^[\x20-\x7e]*$/.test(text);
}

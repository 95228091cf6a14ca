/** What replaces a secret in anything the tool prints. */
export const redacted = "[redacted]";

/**
 * The secrets of this run (the password, a given token, each token a login returned) and the
 * one function that takes them out of any text before it is printed.
 */
export interface Redactor {
  add(secret: string | undefined): void;
  redact(text: string): string;
}

/**
 * Shorter values are not hidden: replacing every "a" or "12" would garble the output without
 * protecting anything a guess could not find. Real OpenClinica passwords are longer.
 */
const shortestSecret = 4;

/**
 * Shapes that are secrets whoever they belong to, hidden even when this run never saw them:
 * an `Authorization: Bearer` value and anything shaped like a JWT (RFC 7519, three base64url
 * parts, the first two JSON objects, so starting `eyJ`).
 */
const secretShapes: [RegExp, string][] = [
  // A credential has a digit or a sign in it, or is long: "Basic usage" is left alone.
  [
    /\b(Bearer|Basic)\s+(?:[A-Za-z0-9._~+/=-]*[0-9._~+/=-][A-Za-z0-9._~+/=-]*|[A-Za-z]{16,})/gi,
    `$1 ${redacted}`,
  ],
  [/eyJ[A-Za-z0-9_-]*\.eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/g, redacted],
];

export function createRedactor(): Redactor {
  const secrets = new Set<string>();
  let ordered: string[] = [];

  return {
    add(secret) {
      if (secret === undefined || secret.length < shortestSecret || secrets.has(secret)) return;
      secrets.add(secret);
      for (const form of encodedForms(secret)) secrets.add(form);
      // The longest first, so that a secret holding another is hidden whole.
      ordered = [...secrets].sort((a, b) => b.length - a.length);
    },

    redact(text) {
      let result = text;
      for (const secret of ordered) result = result.replaceAll(secret, redacted);
      for (const [shape, replacement] of secretShapes) result = result.replace(shape, replacement);
      return result;
    },
  };
}

/** How a secret looks once a library has put it in JSON or a URL, as an error may quote it. */
function encodedForms(secret: string): string[] {
  const forms = [JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)];
  return forms.filter((form) => form !== secret && form.length >= shortestSecret);
}

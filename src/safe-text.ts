import { hiddenSource } from "./hidden-characters.js";

/**
 * Text that came from a server (a message, a code, a header) is made safe here before it enters
 * any outcome, report or error message, so that no printer downstream has to think about it.
 * A hostile or broken server (or a proxy in front of it) must not be able to move the cursor,
 * clear the screen, retitle the terminal (ANSI and OSC escapes, ECMA-48), break a report line
 * (CR, LF, U+2028), reverse what follows (bidi overrides, Unicode TR #9) or flood the output.
 */
export const defaultTextLength = 200;

/** Plain printable ASCII of a fitting length needs no work: most server text is like that. */
const plainAscii = /^[\x20-\x7e]*$/;

/**
 * ESC-introduced sequences (ECMA-48): OSC, DCS, SOS, PM and APC run to BEL or ST; CSI runs to
 * its final byte; any other ESC takes the one character after it. The C1 forms (0x9b for CSI,
 * 0x9d for OSC) are read the same way.
 */
const escapeSequences =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is what this module is for
  /(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?|(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?|\x1b[\s\S]?/g;

/** C0 and C1 controls, DEL, and the line and paragraph separators: each becomes a space. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is what this module is for
const controls = /[\x00-\x1f\x7f-\x9f\u2028\u2029]/g;

/**
 * What is left of the hidden characters a file may not hold (`hidden-characters.ts`: bidi
 * marks, embeddings, overrides and isolates, invisible format and tag characters), and, since
 * server text is never a person's name, the zero-width joiner and non-joiner too: dropped.
 */
const invisible = new RegExp(`${hiddenSource}|[\\u200c\\u200d]`, "gu");

/** Half of a surrogate pair, which would print as garbage or break a UTF-8 report. */
const loneSurrogates = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * The value as one line of printable text of at most `maxLength` characters (UTF-16 code units,
 * as everywhere in this project), cut with "…" when longer. Never throws; anything that is not
 * a string becomes "".
 */
export function safeText(value: unknown, maxLength: number = defaultTextLength): string {
  if (typeof value !== "string") return "";
  if (value.length <= maxLength && plainAscii.test(value)) return value;

  // Only the start of a long text can be shown: do not clean ten megabytes to show 200 bytes.
  const head = value.length > maxLength * 4 + 64 ? value.slice(0, maxLength * 4 + 64) : value;
  const cleaned = head
    .replace(loneSurrogates, "\ufffd")
    .replace(escapeSequences, "")
    .replace(controls, " ")
    .replace(invisible, "")
    .replace(/\s+/g, " ")
    .trim();

  if (cleaned.length <= maxLength && head.length === value.length) return cleaned;
  return `${cutAt(cleaned, maxLength - 1)}…`;
}

/** The first `length` code units, without leaving half of a surrogate pair at the end. */
function cutAt(text: string, length: number): string {
  const cut = text.slice(0, Math.max(0, length)).trimEnd();
  return /[\ud800-\udbff]$/.test(cut) ? cut.slice(0, -1) : cut;
}

/**
 * Characters that a person reviewing a participant in OpenClinica would not see, or would see
 * in another order than they are stored: C0 and C1 controls (line breaks and tabs included),
 * DEL, the bidirectional embeddings, overrides, isolates and marks (Unicode UAX #9), zero-width
 * and other invisible format characters, tag characters, and unpaired surrogates. The zero-width
 * joiner and non-joiner (U+200C, U+200D) and the Mongolian vowel separator (U+180E) are not
 * among them: Persian, Indic scripts, Mongolian and emoji need them in ordinary names.
 *
 * One expression, compiled once, so that checking a value is a single test (see BENCHMARKS.md).
 */
export const hiddenSource =
  "[\\u0000-\\u001F\\u007F-\\u009F\\u00AD\\u061C\\u200B\\u200E\\u200F\\u2028-\\u202E\\u2060-\\u2064\\u2066-\\u206F\\uFEFF\\uFFF9-\\uFFFB\\u{E0000}-\\u{E007F}]|\\p{Cs}";

const hidden = new RegExp(hiddenSource, "u");
const everyHidden = new RegExp(hiddenSource, "gu");

const names: Record<number, string> = {
  0: "NUL",
  9: "tab",
  10: "line feed",
  11: "vertical tab",
  12: "form feed",
  13: "carriage return",
  27: "escape",
  127: "delete",
  133: "next line",
  173: "soft hyphen",
  1564: "Arabic letter mark",
  8203: "zero width space",
  8206: "left-to-right mark",
  8207: "right-to-left mark",
  8232: "line separator",
  8233: "paragraph separator",
  8234: "left-to-right embedding",
  8235: "right-to-left embedding",
  8236: "pop directional formatting",
  8237: "left-to-right override",
  8238: "right-to-left override",
  8288: "word joiner",
  8294: "left-to-right isolate",
  8295: "right-to-left isolate",
  8296: "first strong isolate",
  8297: "pop directional isolate",
  65279: "zero width no-break space",
};

export interface HiddenCharacter {
  /** The character as `U+XXXX`, never the character itself. */
  codePoint: string;
  /** What it is, in words: "escape", "right-to-left override", "a control character". */
  name: string;
  /** 1-based position in the value, counted in characters (code points). */
  position: number;
}

/**
 * Matches a hidden character or U+FFFD (the mark of bytes that did not decode): the one test a
 * validator makes per value, before looking closer at the rare value that matches.
 */
export const hiddenOrReplacement = new RegExp(`${hiddenSource}|\\uFFFD`, "u");

/** The first hidden character of the text, described; undefined when there is none. */
export function findHiddenCharacter(text: string): HiddenCharacter | undefined {
  const match = hidden.exec(text);
  if (match === null) return undefined;

  const code = match[0].codePointAt(0) ?? 0;
  return {
    codePoint: formatCodePoint(code),
    name: nameOf(code),
    position: Array.from(text.slice(0, match.index)).length + 1,
  };
}

/** The text with each hidden character written as `<U+XXXX>`, safe to show in a message. */
export function showHiddenCharacters(text: string): string {
  if (!hidden.test(text)) return text;

  return text.replace(
    everyHidden,
    (character) => `<${formatCodePoint(character.codePointAt(0) ?? 0)}>`,
  );
}

function formatCodePoint(code: number): string {
  return `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
}

function nameOf(code: number): string {
  const name = names[code];
  if (name !== undefined) return name;
  if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return "a control character";
  if (code >= 0xd800 && code <= 0xdfff) return "half of a character (an unpaired surrogate)";
  return "an invisible formatting character";
}

/**
 * The characters a terminal could act on, found by code point so that tests need no regular
 * expression of control characters: C0 (but line feeds, when `lines` allows them), DEL, C1,
 * U+2028 and U+2029, bidi marks, embeddings, overrides and isolates, and invisible marks.
 */
export function unsafeCharacters(text: string, options: { lines?: boolean } = {}): string[] {
  const found: string[] = [];

  for (const character of text) {
    const code = character.codePointAt(0) ?? 0;
    if (options.lines === true && character === "\n") continue;
    if (isUnsafe(code)) found.push(`U+${code.toString(16).padStart(4, "0")}`);
  }

  return found;
}

function isUnsafe(code: number): boolean {
  return (
    code < 0x20 ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x061c ||
    (code >= 0x200b && code <= 0x200f) ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2060 && code <= 0x2069) ||
    code === 0xfeff
  );
}

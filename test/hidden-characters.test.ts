import { describe, expect, it } from "vitest";
import {
  findHiddenCharacter,
  hiddenOrReplacement,
  showHiddenCharacters,
} from "../src/hidden-characters.js";

describe("findHiddenCharacter", () => {
  it.each([
    { name: "NUL", input: "A\u0000B", expected: { codePoint: "U+0000", position: 2 } },
    { name: "a tab", input: "Ann\tLee", expected: { codePoint: "U+0009", position: 4 } },
    { name: "a line feed", input: "Ann\nMarie", expected: { codePoint: "U+000A", position: 4 } },
    {
      name: "a carriage return",
      input: "Ann\rMarie",
      expected: { codePoint: "U+000D", position: 4 },
    },
    { name: "an escape", input: "\u001b[2JP-1", expected: { codePoint: "U+001B", position: 1 } },
    { name: "DEL", input: "P-1\u007f", expected: { codePoint: "U+007F", position: 4 } },
    { name: "a C1 control", input: "P\u0085-1", expected: { codePoint: "U+0085", position: 2 } },
    { name: "a C1 CSI", input: "P\u009b-1", expected: { codePoint: "U+009B", position: 2 } },
    { name: "a soft hyphen", input: "P\u00ad-1", expected: { codePoint: "U+00AD", position: 2 } },
    { name: "a right-to-left override", input: "P-1\u202e", expected: { codePoint: "U+202E" } },
    { name: "a left-to-right embedding", input: "\u202aP", expected: { codePoint: "U+202A" } },
    { name: "a right-to-left isolate", input: "A\u2067B", expected: { codePoint: "U+2067" } },
    { name: "a pop directional isolate", input: "A\u2069", expected: { codePoint: "U+2069" } },
    { name: "a right-to-left mark", input: "A\u200fB", expected: { codePoint: "U+200F" } },
    { name: "an Arabic letter mark", input: "A\u061cB", expected: { codePoint: "U+061C" } },
    { name: "a zero width space", input: "P-\u200b1", expected: { codePoint: "U+200B" } },
    { name: "a word joiner", input: "P-\u20601", expected: { codePoint: "U+2060" } },
    { name: "a line separator", input: "A\u2028B", expected: { codePoint: "U+2028" } },
    { name: "a BOM inside a value", input: "A\ufeffB", expected: { codePoint: "U+FEFF" } },
    { name: "a tag character", input: "A\u{E0041}B", expected: { codePoint: "U+E0041" } },
    { name: "an unpaired surrogate", input: "A\ud800B", expected: { codePoint: "U+D800" } },
    {
      name: "a control after an emoji, counted in characters",
      input: "😀😀\u001b",
      expected: { codePoint: "U+001B", position: 3 },
    },
  ])("finds $name", ({ input, expected }) => {
    const found = findHiddenCharacter(input);

    expect(found).toMatchObject(expected);
    expect(hiddenOrReplacement.test(input)).toBe(true);
  });

  it.each([
    { name: "plain ASCII", input: "P-0042 Ann O'Brien" },
    { name: "accented letters", input: "Zoë Brontë-Renée" },
    { name: "a no-break space", input: "Ann\u00a0Lee" },
    { name: "Persian with a zero width non-joiner", input: "می\u200cخواهم" },
    { name: "an emoji with a zero width joiner", input: "👩\u200d🔬" },
    { name: "Hebrew and Arabic letters", input: "שלום سلام" },
    { name: "CJK", input: "山田太郎" },
    { name: "an emoji", input: "😀" },
  ])("lets $name through", ({ input }) => {
    const found = findHiddenCharacter(input);

    expect(found).toBeUndefined();
    expect(hiddenOrReplacement.test(input)).toBe(false);
  });

  it("matches U+FFFD in the one test, though it is not itself hidden", () => {
    const input = "Ren\ufffde";

    expect(hiddenOrReplacement.test(input)).toBe(true);
    expect(findHiddenCharacter(input)).toBeUndefined();
  });
});

describe("showHiddenCharacters", () => {
  it("writes every hidden character as its code point and leaves the rest", () => {
    const input = "Parti\u001b[31mcipant\u202e ID\n";

    const shown = showHiddenCharacters(input);

    expect(shown).toBe("Parti<U+001B>[31mcipant<U+202E> ID<U+000A>");
  });
});

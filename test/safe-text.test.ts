import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { safeText } from "../src/safe-text.js";
import { unsafeCharacters } from "./support/unsafe-text.js";

describe("safeText", () => {
  it.each([
    {
      name: "plain text",
      input: "errorCode.invalidPhoneNumber",
      expected: "errorCode.invalidPhoneNumber",
    },
    { name: "accented text", input: "Zoë Müller-Łukasz", expected: "Zoë Müller-Łukasz" },
    { name: "an OSC title ended by BEL", input: "a\x1b]0;pwned\x07b", expected: "ab" },
    {
      name: "an OSC hyperlink ended by ST",
      input: "\x1b]8;;http://x\x1b\\click\x1b]8;;\x1b\\",
      expected: "click",
    },
    { name: "a colour", input: "\x1b[31mred\x1b[0m", expected: "red" },
    { name: "a screen clear", input: "\x1b[2J\x1b[Hdone", expected: "done" },
    { name: "a C1 CSI", input: "\x9b31mred", expected: "red" },
    { name: "a two-character escape", input: "a\x1bcb", expected: "ab" },
    { name: "a lone ESC at the end", input: "abc\x1b", expected: "abc" },
    { name: "an unfinished CSI", input: "abc\x1b[31", expected: "abc" },
    { name: "a carriage return", input: "ok\rFAKE", expected: "ok FAKE" },
    {
      name: "line breaks and tabs",
      input: "one\r\ntwo\tthree\u2028four",
      expected: "one two three four",
    },
    { name: "a bidi override", input: "abc\u202edcba\u202c", expected: "abcdcba" },
    { name: "bidi isolates and marks", input: "\u2066a\u2069\u200fb\u061c", expected: "ab" },
    { name: "a NUL and DEL", input: "a\x00b\x7fc", expected: "a b c" },
    {
      name: "the invisible characters a file may not hold either",
      input: "a\u00adb\u{E0041}\u{E0042}c\ufff9d\u2062e",
      expected: "abcde",
    },
    { name: "zero-width joiners", input: "a\u200cb\u200dc", expected: "abc" },
    { name: "a lone surrogate", input: "a\ud800b", expected: "a\ufffdb" },
    { name: "spaces around a tab", input: "   padded\t  ", expected: "padded" },
    { name: "a number", input: 42, expected: "" },
    { name: "undefined", input: undefined, expected: "" },
  ])("makes $name safe", ({ input, expected }) => {
    const text = safeText(input);

    expect(text).toBe(expected);
  });

  it("cuts a long text to the given length, ending with an ellipsis", () => {
    const text = safeText("x".repeat(10_000), 200);

    expect(text).toHaveLength(200);
    expect(text.endsWith("…")).toBe(true);
  });

  it("keeps a text of exactly the given length whole", () => {
    const text = safeText("y".repeat(200), 200);

    expect(text).toBe("y".repeat(200));
  });

  it("does not leave half of a surrogate pair at the cut", () => {
    const text = safeText(`${"a".repeat(8)}😀😀😀`, 10);

    expect(text).toBe(`${"a".repeat(8)}…`);
  });

  it("shows an ellipsis when escapes fill the start of a huge text", () => {
    const text = safeText(`${"\x1b[31m".repeat(5000)}tail`, 20);

    expect(text).toBe("…");
  });

  it("gives one line of at most maxLength printable characters for any input", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "binary", maxLength: 600 }),
        fc.integer({ min: 1, max: 300 }),
        (input, max) => {
          const text = safeText(input, max);

          expect(text.length).toBeLessThanOrEqual(max);
          expect(unsafeCharacters(text)).toEqual([]);
          expect(text).not.toMatch(
            /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/,
          );
        },
      ),
    );
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { emailPattern } from "../../src/contract/rules.js";
import { explainEmail, toAsciiEmail } from "../../src/validate/email.js";

const asciiCases: { name: string; input: string; expected: string }[] = [
  { name: "an ASCII address, unchanged", input: "ann@example.org", expected: "ann@example.org" },
  { name: "ASCII capitals, unchanged", input: "ANN@EXAMPLE.ORG", expected: "ANN@EXAMPLE.ORG" },
  { name: "an umlaut domain", input: "anna@bücher.de", expected: "anna@xn--bcher-kva.de" },
  { name: "a domain in capitals", input: "anna@BÜCHER.DE", expected: "anna@xn--bcher-kva.de" },
  { name: "an IDN subdomain", input: "a@mail.bücher.de", expected: "a@mail.xn--bcher-kva.de" },
  { name: "a Chinese domain", input: "a@例子.中国", expected: "a@xn--fsqu00a.xn--fiqs8s" },
  { name: "an emoji domain", input: "a@😀.example", expected: "a@xn--e28h.example" },
  {
    name: "a Unicode local part, left to fail",
    input: "zoë@example.org",
    expected: "zoë@example.org",
  },
  {
    name: "a Unicode local part with an IDN domain",
    input: "zoë@bücher.de",
    expected: "zoë@xn--bcher-kva.de",
  },
  { name: "no @", input: "bücher.de", expected: "bücher.de" },
  { name: "two @, split at the last", input: "a@b@bücher.de", expected: "a@b@xn--bcher-kva.de" },
  { name: "a domain UTS 46 refuses", input: "a@bü cher.de", expected: "a@bü cher.de" },
  { name: "a tab in an ASCII domain", input: "a@exa\tmple.org", expected: "a@exa\tmple.org" },
  {
    name: "a line break in an ASCII domain",
    input: "a@exa\nmple.org",
    expected: "a@exa\nmple.org",
  },
  { name: "a tab beside an umlaut", input: "a@bü\tcher.de", expected: "a@bü\tcher.de" },
  { name: "a control character", input: "a@exa\u0001mple.org", expected: "a@exa\u0001mple.org" },
];

const explanationCases: { name: string; input: string; expected: string }[] = [
  { name: "a space", input: "ann lee@example.org", expected: "space" },
  { name: "a no-break space", input: "ann\u00a0lee@example.org", expected: "space" },
  { name: "no @", input: "ann.example.org", expected: "@" },
  { name: "two @", input: "ann@lee@example.org", expected: "@" },
  { name: "a Unicode local part", input: "zoë@example.org", expected: "ASCII" },
  { name: "a domain without a dot", input: "ann@localhost", expected: "dot" },
  { name: "a doubled dot", input: "ann..lee@example.org", expected: "name@example.org" },
];

describe("toAsciiEmail", () => {
  it.each(asciiCases)("converts $name", ({ input, expected }) => {
    const email = input;

    const ascii = toAsciiEmail(email);

    expect(ascii).toBe(expected);
  });

  it("leaves every pure-ASCII string as it is", () => {
    const ascii = fc.string({ unit: "binary-ascii", maxLength: 40 });

    fc.assert(
      fc.property(ascii, (email) => {
        const converted = toAsciiEmail(email);

        expect(converted).toBe(email);
      }),
      { numRuns: 300 },
    );
  });

  it("never changes the part before the last @", () => {
    const email = fc
      .tuple(
        fc.string({ unit: "grapheme", maxLength: 12 }),
        fc.string({ unit: "grapheme", maxLength: 12 }),
      )
      .map(([local, domain]) => `${local}@${domain}`);

    fc.assert(
      fc.property(email, (text) => {
        const local = text.slice(0, text.lastIndexOf("@") + 1);

        const converted = toAsciiEmail(text);

        expect(converted.startsWith(local)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe("explainEmail", () => {
  it.each(explanationCases)("names the fault in $name", ({ input, expected }) => {
    const email = input;

    const explanation = explainEmail(email);

    expect(emailPattern.test(toAsciiEmail(email))).toBe(false);
    expect(explanation).toContain(expected);
  });

  it("never quotes the address it explains", () => {
    const email = fc
      .tuple(
        fc.string({ unit: "grapheme", minLength: 3, maxLength: 12 }),
        fc.string({ unit: "grapheme", minLength: 3, maxLength: 12 }),
      )
      .map(([local, domain]) => `${local}@${domain}`);

    fc.assert(
      fc.property(email, (text) => {
        const explanation = explainEmail(text);

        expect(explanation).not.toContain(text);
      }),
      { numRuns: 300 },
    );
  });
});

describe("toAsciiEmail never repairs a domain", () => {
  it.each([
    { name: "a soft hyphen", input: "a@exa\u00ADmple.org" },
    { name: "a zero-width space", input: "a@bü\u200Bcher.de" },
    { name: "full-width letters", input: "a@ｂüｃｈｅｒ.de" },
  ])("leaves a domain with $name as written", ({ input }) => {
    const result = toAsciiEmail(input);

    expect(result).toBe(input);
  });
});

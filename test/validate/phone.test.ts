import fc from "fast-check";
import type { CountryCode } from "libphonenumber-js";
import { describe, expect, it } from "vitest";
import { phonePattern } from "../../src/contract/rules.js";
import { normalisePhone } from "../../src/validate/phone.js";

interface Case {
  name: string;
  input: { text: string; defaultCountry?: CountryCode };
  expected: string | null;
}

const typedCases: Case[] = [
  {
    name: "US with brackets and a hyphen",
    input: { text: "+1 (617) 555-0142" },
    expected: "+1 6175550142",
  },
  { name: "US with dots", input: { text: "+1 617.555.0142" }, expected: "+1 6175550142" },
  { name: "US with hyphens", input: { text: "+1-617-555-0142" }, expected: "+1 6175550142" },
  { name: "US without spaces", input: { text: "+16175550142" }, expected: "+1 6175550142" },
  {
    name: "already in the server's format",
    input: { text: "+1 6175550142" },
    expected: "+1 6175550142",
  },
  { name: "France in pairs", input: { text: "+33 6 39 98 91 61" }, expected: "+33 639989161" },
  { name: "France with (0)", input: { text: "+33 (0)6 39 98 76 87" }, expected: "+33 639987687" },
  { name: "France with hyphens", input: { text: "+33-6-39-98-12-41" }, expected: "+33 639981241" },
  { name: "Australia", input: { text: "+61 491 570 006" }, expected: "+61 491570006" },
  { name: "Germany", input: { text: "+49 1512 3456789" }, expected: "+49 15123456789" },
  { name: "Spain", input: { text: "+34 612 34 56 78" }, expected: "+34 612345678" },
  {
    name: "Ireland, a 3-digit code",
    input: { text: "+353 85 123 4567" },
    expected: "+353 851234567",
  },
];

const defaultCountryCases: Case[] = [
  {
    name: "--default-country US makes (617) 555-0142 valid",
    input: { text: "(617) 555-0142", defaultCountry: "US" },
    expected: "+1 6175550142",
  },
  {
    name: "--default-country US takes hyphens",
    input: { text: "617-555-0142", defaultCountry: "US" },
    expected: "+1 6175550142",
  },
  {
    name: "--default-country FR drops the trunk 0",
    input: { text: "06 39 98 91 61", defaultCountry: "FR" },
    expected: "+33 639989161",
  },
  {
    name: "a + number keeps its own country whatever the default",
    input: { text: "+33 6 39 98 91 61", defaultCountry: "US" },
    expected: "+33 639989161",
  },
];

const refusedCases: Case[] = [
  { name: "scientific notation", input: { text: "1.61755501E+10" }, expected: null },
  {
    name: "scientific notation, lower case with a comma",
    input: { text: "1,61755501e10" },
    expected: null,
  },
  {
    name: "scientific notation even with a default country",
    input: { text: "1.61755501E+10", defaultCountry: "US" },
    expected: null,
  },
  { name: "a trailing .0", input: { text: "16175550142.0" }, expected: null },
  { name: "a trailing .0 after a +", input: { text: "+16175550142.0" }, expected: null },
  {
    name: "a trailing .0 even with a default country",
    input: { text: "6175550142.0", defaultCountry: "US" },
    expected: null,
  },
  { name: "no + without a default country", input: { text: "617-555-0142" }, expected: null },
  {
    name: "brackets, no + and no default country",
    input: { text: "(617) 555-0142" },
    expected: null,
  },
  { name: "an extension written ext.", input: { text: "+1 617 555 0123 ext. 45" }, expected: null },
  { name: "an extension written x", input: { text: "+1 617 555 0123 x45" }, expected: null },
  { name: "too few digits", input: { text: "+1 555" }, expected: null },
  { name: "five digits and a +", input: { text: "+12345" }, expected: null },
  { name: "five digits", input: { text: "12345", defaultCountry: "US" }, expected: null },
  { name: "too many digits", input: { text: "+1 617 555 01234567890" }, expected: null },
  { name: "an unknown calling code", input: { text: "+999 1234567" }, expected: null },
  { name: "a lone +", input: { text: "+" }, expected: null },
  { name: "words", input: { text: "call me", defaultCountry: "US" }, expected: null },
  {
    name: "two numbers in one cell",
    input: { text: "+1 617 555 0142 / +1 617 555 0143" },
    expected: null,
  },
];

describe("normalisePhone", () => {
  it.each([...typedCases, ...defaultCountryCases])(
    "turns $name into the server's format",
    ({ input, expected }) => {
      const result = normalisePhone(input.text, input.defaultCountry);

      expect(result).toEqual({ ok: true, value: expected });
    },
  );

  it.each(refusedCases)("refuses $name", ({ input }) => {
    const result = normalisePhone(input.text, input.defaultCountry);

    expect(result.ok).toBe(false);
  });

  it.each(refusedCases.filter((c) => c.input.text.length >= 5))(
    "does not quote the number when it refuses $name",
    ({ input }) => {
      const result = normalisePhone(input.text, input.defaultCountry);

      expect(result.ok).toBe(false);
      expect(result.ok ? "" : result.hint).not.toContain(input.text);
    },
  );

  it("gives the contract's format or a refusal for any text, never throwing", () => {
    const text = fc.oneof(fc.string({ maxLength: 30 }), fc.stringMatching(/^\+?[0-9 ().-]{0,25}$/));
    const country = fc.constantFrom<CountryCode | undefined>(undefined, "US", "FR", "GB");

    fc.assert(
      fc.property(text, country, (input, defaultCountry) => {
        const result = normalisePhone(input, defaultCountry);

        if (result.ok) expect(result.value).toMatch(/^\+[0-9]{1,3} [0-9]+$/);
        else expect(result.hint).not.toBe("");
      }),
    );
  });

  it("gives values that pass the contract's phone rule for every typed format", () => {
    const values = typedCases.map((c) => normalisePhone(c.input.text));

    for (const value of values) expect(value.ok && phonePattern.test(value.value)).toBe(true);
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createLineLimiter, lineTooLongMarker, openQuoteMarker } from "../../src/csv/line-limit.js";

/** Feeds the pieces through a limiter of `limit` characters and returns all it let through. */
function limit(pieces: string[], size: number): string {
  const limiter = createLineLimiter(size);
  let out = "";
  for (const piece of pieces) out += limiter.push(piece);
  return out + limiter.end();
}

const long = (length: number, letter = "x") => letter.repeat(length);

describe("createLineLimiter", () => {
  it.each([
    {
      name: "lines within the limit pass unchanged",
      input: ["a,b\r\nc,d\n", "e,f\rg"],
      expected: "a,b\r\nc,d\ne,f\rg",
    },
    {
      name: "a line at exactly the limit passes",
      input: [`${long(10)}\n`, "a\n"],
      expected: `${long(10)}\na\n`,
    },
    {
      name: "a long line inside one piece becomes the marker",
      input: [`a\n${long(11)}\nb\n`],
      expected: `a\n${lineTooLongMarker}\nb\n`,
    },
    {
      name: "a long line spread over many pieces becomes one marker",
      input: ["a\nxxxx", "xxxx", "xxxx", "xxxx", "x\r\nb"],
      expected: `a\n${lineTooLongMarker}\r\nb`,
    },
    {
      name: "a long last line without a line break becomes the marker",
      input: ["a\n", long(25)],
      expected: `a\n${lineTooLongMarker}`,
    },
    {
      name: "a long line that runs on from the previous piece becomes the marker",
      input: ["a\nxxxxxxxx", "xxxxxx\nb\n"],
      expected: `a\n${lineTooLongMarker}\nb\n`,
    },
    {
      name: "a long line with a closed quoted field becomes the plain marker",
      input: [`a\n"${long(20)}",b\nc\n`],
      expected: `a\n${lineTooLongMarker}\nc\n`,
    },
    {
      name: "a long line that leaves a quote open becomes the open-quote marker",
      input: [`a\n"${long(20)}\nc\n`],
      expected: `a\n${openQuoteMarker}\nc\n`,
    },
    {
      name: "a long line inside a quoted field is left for the parser's record limit",
      input: ['a,"b\n', long(30), '"\nc\n'],
      expected: `a,"b\n${long(30)}"\nc\n`,
    },
    {
      name: "a quoted line break keeps counting quotes right for later lines",
      input: ['"a\nb"\n', `${long(15)}\n`],
      expected: `"a\nb"\n${lineTooLongMarker}\n`,
    },
  ])("$name", ({ input, expected }) => {
    const out = limit(input, 10);

    expect(out).toBe(expected);
  });

  it("keeps every line break, and changes nothing when no line is too long", () => {
    const pieces = fc.array(
      fc.array(fc.constantFrom("a", "b", '"', ",", "\n", "\r", "\r\n", long(7)), {
        maxLength: 12,
      }),
      { maxLength: 8 },
    );
    const breaks = (text: string) => text.replace(/[^\r\n]/g, "");

    fc.assert(
      fc.property(pieces, (parts) => {
        const texts = parts.map((part) => part.join(""));
        const input = texts.join("");

        const out = limit(texts, 10);

        expect(breaks(out)).toBe(breaks(input));
        const lines = out.split(/[\r\n]/);
        if (!input.includes('"')) expect(lines.every((line) => line.length <= 10)).toBe(true);
        if (input.split(/[\r\n]/).every((line) => line.length <= 10)) expect(out).toBe(input);
      }),
      { numRuns: 300 },
    );
  });
});

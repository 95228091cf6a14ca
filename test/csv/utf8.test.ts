import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createUtf8Checker, type Utf8Position } from "../../src/csv/utf8.js";

const bytes = (...parts: (string | readonly number[])[]) =>
  Buffer.concat(
    parts.map((part) => (typeof part === "string" ? Buffer.from(part) : Buffer.from(part))),
  );

/** Pushes each chunk, then ends; stops at the first position, as the reader does. */
function checkChunks(chunks: Buffer[]): { text: string } | { position: Utf8Position } {
  const checker = createUtf8Checker();
  let text = "";

  for (const result of [...chunks.map((chunk) => () => checker.push(chunk)), () => checker.end()]) {
    const outcome = result();
    if (typeof outcome !== "string") return { position: outcome };
    text += outcome;
  }

  return { text };
}

const decodedCases: { name: string; input: Buffer[]; expected: string }[] = [
  { name: "ASCII in one chunk", input: [bytes("a,b\n")], expected: "a,b\n" },
  { name: "no bytes at all", input: [], expected: "" },
  {
    name: "a two-byte letter split across chunks",
    input: [bytes("Zo", [0xc3]), bytes([0xab], "\n")],
    expected: "Zoë\n",
  },
  {
    name: "a three-byte € split 1 + 2",
    input: [bytes([0xe2]), bytes([0x82, 0xac])],
    expected: "€",
  },
  {
    name: "a three-byte € split 2 + 1",
    input: [bytes([0xe2, 0x82]), bytes([0xac])],
    expected: "€",
  },
  {
    name: "a four-byte emoji split 1 + 3",
    input: [bytes("a", [0xf0]), bytes([0x9f, 0x98, 0x80])],
    expected: "a😀",
  },
  {
    name: "a four-byte emoji split 3 + 1 over three chunks",
    input: [bytes([0xf0, 0x9f]), bytes([0x98]), bytes([0x80], "b")],
    expected: "😀b",
  },
  {
    name: "a U+FFFD the file itself holds",
    input: [bytes("Zo", [0xef, 0xbf, 0xbd])],
    expected: "Zo\uFFFD",
  },
  {
    name: "a BOM, kept for the caller to strip",
    input: [bytes([0xef, 0xbb, 0xbf], "a")],
    expected: "\uFEFFa",
  },
];

const refusedCases: { name: string; input: Buffer[]; expected: Utf8Position }[] = [
  {
    name: "a Windows-1252 é on line 3",
    input: [bytes("h\nP-1\nJos", [0xe9], "\n")],
    expected: { line: 3, offset: 9 },
  },
  {
    name: "a bad byte after multi-byte letters counts bytes, not characters",
    input: [bytes("Zoë,€\n😀", [0xff])],
    expected: { line: 2, offset: 13 },
  },
  {
    name: "a bad byte in the second chunk",
    input: [bytes("ab\ncd\n"), bytes("e", [0x80])],
    expected: { line: 3, offset: 7 },
  },
  {
    name: "a bad byte right after a split letter",
    input: [bytes("Zo", [0xc3]), bytes([0xab, 0xfe])],
    expected: { line: 1, offset: 4 },
  },
  {
    name: "a sequence cut off by the end of the file",
    input: [bytes("a\nb", [0xc3])],
    expected: { line: 2, offset: 3 },
  },
  {
    name: "a four-byte sequence cut off by the end of the file, over two chunks",
    input: [bytes("a", [0xf0, 0x9f]), bytes([0x98])],
    expected: { line: 1, offset: 1 },
  },
  {
    name: "a lead byte followed by ASCII",
    input: [bytes("ab", [0xe2, 0x82], "c")],
    expected: { line: 1, offset: 2 },
  },
  {
    name: "a lone continuation byte",
    input: [bytes("a", [0x80], "b")],
    expected: { line: 1, offset: 1 },
  },
  {
    name: "an overlong encoding of /",
    input: [bytes("a", [0xc0, 0xaf])],
    expected: { line: 1, offset: 1 },
  },
  {
    name: "an encoded surrogate",
    input: [bytes("a", [0xed, 0xa0, 0x80])],
    expected: { line: 1, offset: 1 },
  },
  {
    name: "a byte above F4",
    input: [bytes("a", [0xf5, 0x80, 0x80, 0x80])],
    expected: { line: 1, offset: 1 },
  },
  {
    name: "a bad byte after a U+FFFD the file holds",
    input: [bytes([0xef, 0xbf, 0xbd], "\n", [0xe9])],
    expected: { line: 2, offset: 4 },
  },
  {
    name: "the first two bytes of a U+FFFD, then ASCII",
    input: [bytes("ab", [0xef, 0xbf], "cd")],
    expected: { line: 1, offset: 2 },
  },
  {
    name: "a bad byte after CRLF lines",
    input: [bytes("a\r\nb\r\n", [0xe9])],
    expected: { line: 3, offset: 6 },
  },
  {
    name: "a bad byte after CR-only lines",
    input: [bytes("a\rb\r", [0xe9])],
    expected: { line: 3, offset: 4 },
  },
  {
    name: "a bad byte after a CRLF split across chunks",
    input: [bytes("a\r"), bytes("\nb", [0xe9])],
    expected: { line: 2, offset: 4 },
  },
  {
    name: "a bad byte after a CR that ends a chunk",
    input: [bytes("a\r"), bytes("b\r"), bytes([0xe9])],
    expected: { line: 3, offset: 4 },
  },
];

describe("createUtf8Checker", () => {
  it.each(decodedCases)("decodes $name", ({ input, expected }) => {
    const chunks = input;

    const result = checkChunks(chunks);

    expect(result).toEqual({ text: expected });
  });

  it.each(refusedCases)("names the line and byte offset of $name", ({ input, expected }) => {
    const chunks = input;

    const result = checkChunks(chunks);

    expect(result).toEqual({ position: expected });
  });

  it("decodes any valid UTF-8 the same however it is cut into chunks", () => {
    const text = fc.string({ unit: "grapheme", maxLength: 40 });
    const cuts = fc.array(fc.nat(), { maxLength: 6 });

    fc.assert(
      fc.property(text, cuts, (content, cutPoints) => {
        const encoded = Buffer.from(content);
        const chunks = splitAt(encoded, cutPoints);

        const result = checkChunks(chunks);

        expect(result).toEqual({ text: content });
      }),
      { numRuns: 300 },
    );
  });

  it("finds the same bad byte however the file is cut into chunks", () => {
    const before = fc
      .array(fc.oneof(fc.string({ unit: "grapheme", maxLength: 4 }), fc.constantFrom("\r", "\n")), {
        maxLength: 8,
      })
      .map((parts) => parts.join(""));
    const bad = fc.constantFrom(
      [0x80],
      [0xc3, 0x28],
      [0xe9],
      [0xff],
      [0xed, 0xa0, 0x80],
      [0xef, 0xbf],
      [0xf0, 0x9f, 0x98],
    );
    const after = fc.string({ unit: "grapheme-ascii", maxLength: 5 });
    const cuts = fc.array(fc.nat(), { maxLength: 6 });

    fc.assert(
      fc.property(before, bad, after, cuts, (head, badBytes, tail, cutPoints) => {
        const encoded = bytes(head, badBytes, tail);
        const expected = {
          line: 1 + (head.match(/\r\n|\r|\n/g)?.length ?? 0),
          offset: Buffer.byteLength(head),
        };

        const result = checkChunks(splitAt(encoded, cutPoints));

        expect(result).toEqual({ position: expected });
      }),
      { numRuns: 300 },
    );
  });
});

function splitAt(buffer: Buffer, cutPoints: number[]): Buffer[] {
  const cuts = [...new Set(cutPoints.map((cut) => cut % (buffer.length + 1)))].sort(
    (a, b) => a - b,
  );
  const chunks: Buffer[] = [];
  let start = 0;

  for (const cut of cuts) {
    chunks.push(buffer.subarray(start, cut));
    start = cut;
  }

  chunks.push(buffer.subarray(start));
  return chunks;
}

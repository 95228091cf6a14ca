import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createFirstRowIndex, type FirstRowIndex } from "../../src/validate/id-index.js";

/** Asks the index about each key in turn, with rows counted from 2 as in a file with a header. */
function askAll(index: FirstRowIndex, keys: string[]): (number | undefined)[] {
  return keys.map((key, i) => index.firstRow(key, i + 2));
}

/** 32-bit FNV-1a, the hash the index uses, to show that the colliding pair below does collide. */
function fnv1a(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

describe("createFirstRowIndex", () => {
  it("returns undefined for a new key and the first row for a repeated one", () => {
    const index = createFirstRowIndex();

    const answers = askAll(index, ["bn-bos-0000001", "bn-bos-0000002", "bn-bos-0000001"]);

    expect(answers).toEqual([undefined, undefined, 2]);
  });

  it("keeps the first row when a key comes back several times", () => {
    const index = createFirstRowIndex();

    const answers = [index.firstRow("a", 7), index.firstRow("a", 9), index.firstRow("a", 11)];

    expect(answers).toEqual([undefined, 7, 7]);
  });

  it.each([
    { name: "the empty key", keys: ["", "a", ""], expected: [undefined, undefined, 2] },
    {
      name: "keys differing only in the last character",
      keys: ["bn-bos-0000001", "bn-bos-0000002", "bn-bos-0000002"],
      expected: [undefined, undefined, 3],
    },
    {
      name: "a key that is a prefix of another",
      keys: ["bn-bos-1", "bn-bos-12", "bn-bos-", "bn-bos-12", "bn-bos-1"],
      expected: [undefined, undefined, undefined, 3, 2],
    },
    {
      name: "Latin-1 keys beside ASCII ones",
      keys: ["müller", "muller", "müller", "ÿ"],
      expected: [undefined, undefined, 2, undefined],
    },
    {
      name: "keys outside Latin-1",
      keys: ["参加者-1", "参加者-2", "😀", "参加者-1", "😀", "ā"],
      expected: [undefined, undefined, undefined, 2, 4, undefined],
    },
    {
      name: "a key outside Latin-1 and one with the same low bytes",
      keys: ["\u0141", "\u0041", "\u0141", "\u0041"],
      expected: [undefined, undefined, 2, 3],
    },
    {
      name: "two keys with the same hash",
      keys: ["id-149599", "id-312382", "id-312382", "id-149599"],
      expected: [undefined, undefined, 3, 2],
    },
  ])("tells apart $name", ({ keys, expected }) => {
    const index = createFirstRowIndex();

    const answers = askAll(index, keys);

    expect(answers).toEqual(expected);
  });

  it("is given two keys whose hashes really collide", () => {
    expect(fnv1a("id-149599")).toBe(fnv1a("id-312382"));
  });

  it("tells apart long keys that differ in one character", () => {
    const long = "x".repeat(1_000);
    const keys = [long, `${long.slice(0, 500)}y${long.slice(501)}`, `${long}x`, long];
    const index = createFirstRowIndex();

    const answers = askAll(index, keys);

    expect(answers).toEqual([undefined, undefined, undefined, 2]);
  });

  it("keeps every first row through many growths", () => {
    const keys = Array.from({ length: 300_000 }, (_, i) => `bn-bos-${String(i).padStart(7, "0")}`);
    const index = createFirstRowIndex();

    const firstAnswers = askAll(index, keys);
    const secondAnswers = keys.map((key) => index.firstRow(key, 1));

    expect(firstAnswers.every((answer) => answer === undefined)).toBe(true);
    expect(secondAnswers).toEqual(keys.map((_, i) => i + 2));
    expect(index.size).toBe(300_000);
  });

  it("counts each distinct key once in size, in both stores", () => {
    const index = createFirstRowIndex();

    askAll(index, ["a", "b", "a", "", "参加者", "参加者", ""]);

    expect(index.size).toBe(4);
  });

  it("answers like a Map for any sequence of keys and rows", () => {
    const key = fc.oneof(
      fc.string({ maxLength: 4, unit: fc.constantFrom("a", "b", "A", "ü", "\u0100", "😀") }),
      fc.string({ maxLength: 20, unit: "binary" }),
    );
    // Long enough sequences that the table grows and probes run into other keys.
    const calls = fc.array(fc.tuple(key, fc.integer({ min: 1, max: 2 ** 31 - 1 })), {
      maxLength: 2_000,
      size: "max",
    });

    fc.assert(
      fc.property(calls, (sequence) => {
        const index = createFirstRowIndex();
        const model = new Map<string, number>();

        for (const [key, row] of sequence) {
          const expected = model.get(key);
          if (expected === undefined) model.set(key, row);

          expect(index.firstRow(key, row)).toBe(expected);
        }

        expect(index.size).toBe(model.size);
      }),
    );
  });
});

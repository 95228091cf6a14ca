import { describe, expect, it } from "vitest";
import { createRandom } from "../../src/sandbox/faults/random.js";

const draw = (seed: number, count: number) => {
  const random = createRandom(seed);
  return Array.from({ length: count }, () => random());
};

describe("createRandom", () => {
  it("gives the same sequence for the same seed", () => {
    expect(draw(7, 50)).toEqual(draw(7, 50));
  });

  it("gives another sequence for another seed", () => {
    expect(draw(7, 5)).not.toEqual(draw(8, 5));
  });

  const seeds = [0, 1, 123_456, 0xffff_ffff];

  it.each(seeds)("stays in [0, 1) and spreads evenly from seed %i", (seed) => {
    const numbers = draw(seed, 10_000);

    const mean = numbers.reduce((sum, number) => sum + number, 0) / numbers.length;
    expect(numbers.every((number) => number >= 0 && number < 1)).toBe(true);
    expect(mean).toBeGreaterThan(0.48);
    expect(mean).toBeLessThan(0.52);
  });
});

import { describe, expect, it } from "vitest";
import { createAdaptiveLimit } from "../../src/import/adaptive-limit.js";

function run(ceiling: number, events: ("429" | "ok")[]) {
  const changes: number[] = [];
  const limit = createAdaptiveLimit(ceiling, (next) => changes.push(next));
  for (const event of events) {
    if (event === "429") limit.throttled();
    else limit.clean();
  }
  return { current: limit.current(), changes };
}

describe("createAdaptiveLimit", () => {
  it.each([
    { name: "starts at the ceiling", events: [], expected: 16 },
    { name: "halves on a 429", events: ["429"], expected: 8 },
    { name: "halves again on each 429", events: ["429", "429", "429"], expected: 2 },
    { name: "never goes below one", events: Array(10).fill("429"), expected: 1 },
    {
      name: "adds one after as many clean answers as the limit",
      events: ["429", ...Array(8).fill("ok")],
      expected: 9,
    },
    { name: "does not add one before that", events: ["429", ...Array(7).fill("ok")], expected: 8 },
    { name: "never passes the ceiling", events: Array(100).fill("ok"), expected: 16 },
  ] as { name: string; events: ("429" | "ok")[]; expected: number }[])(
    "$name",
    ({ events, expected }) => {
      const result = run(16, events);

      expect(result.current).toBe(expected);
    },
  );

  it("climbs back to the ceiling once answers are clean for long enough", () => {
    const events: ("429" | "ok")[] = ["429", "429", ...Array(200).fill("ok")];

    const result = run(16, events);

    expect(result.changes.slice(0, 2)).toEqual([8, 4]);
    expect(result.changes.at(-1)).toBe(16);
  });

  it("restarts the count of clean answers after a 429", () => {
    const events: ("429" | "ok")[] = ["429", ...Array(7).fill("ok"), "429", ...Array(3).fill("ok")];

    const result = run(16, events);

    expect(result.current).toBe(4);
  });
});

import { setImmediate } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { runPool } from "../../src/import/run-pool.js";

/** A source of the numbers 1 to `count` that counts how many were read. */
function countingSource(count: number) {
  const state = { read: 0 };

  async function* numbers() {
    for (let item = 1; item <= count; item++) {
      state.read++;
      yield item;
    }
  }

  return { state, source: numbers() };
}

/** Work that holds every item until `release` is called, and counts those in progress. */
function heldWork() {
  const state = { running: 0, most: 0, done: [] as number[] };
  const gates: (() => void)[] = [];

  const work = async (item: number) => {
    state.running++;
    state.most = Math.max(state.most, state.running);
    await new Promise<void>((resolve) => gates.push(resolve));
    state.running--;
    state.done.push(item);
  };
  const release = () => {
    for (const open of gates.splice(0)) open();
  };

  return { state, work, release };
}

async function settle(): Promise<void> {
  for (let turn = 0; turn < 20; turn++) await setImmediate();
}

describe("runPool", () => {
  it.each([1, 4, 16])("reads at most twice the limit of %i ahead of the work", async (limit) => {
    const { state: reading, source } = countingSource(100);
    const { state, work, release } = heldWork();

    const pool = runPool(source, { limit: () => limit, work, shouldStop: () => false });
    await settle();
    const readWhileHeld = reading.read;
    const runningWhileHeld = state.running;
    while (state.done.length < 100) {
      release();
      await settle();
    }
    const unstarted = await pool;

    expect(readWhileHeld).toBe(2 * limit);
    expect(runningWhileHeld).toBe(limit);
    expect(state.most).toBe(limit);
    expect([...state.done].sort((a, b) => a - b)).toEqual(
      Array.from({ length: 100 }, (_, i) => i + 1),
    );
    expect(unstarted).toEqual([]);
  });

  it("follows a limit that changes while it runs", async () => {
    const { source } = countingSource(40);
    const { state, work, release } = heldWork();
    let limit = 8;

    const pool = runPool(source, { limit: () => limit, work, shouldStop: () => false });
    await settle();
    const before = state.running;
    limit = 2;
    while (state.done.length < 40) {
      release();
      await settle();
      expect(state.running).toBeLessThanOrEqual(2);
    }
    await pool;

    expect(before).toBe(8);
  });

  it("returns the rows read but not started once told to stop, and reads no more", async () => {
    const { state: reading, source } = countingSource(100);
    const { state, work, release } = heldWork();
    let stop = false;

    const pool = runPool(source, { limit: () => 4, work, shouldStop: () => stop });
    await settle();
    stop = true;
    release();
    const unstarted = await pool;
    const rest = [];
    for await (const item of source) rest.push(item);

    expect(state.done).toEqual([1, 2, 3, 4]);
    expect(unstarted).toEqual([5, 6, 7, 8]);
    expect(reading.read).toBe(8 + rest.length);
    expect(rest[0]).toBe(9);
  });

  it("lets started work finish, then rejects with the first failure", async () => {
    const { source } = countingSource(20);
    const finished: number[] = [];
    const work = async (item: number) => {
      await setImmediate();
      if (item === 3) throw new Error("row 3 broke");
      finished.push(item);
    };

    await expect(
      runPool(source, { limit: () => 4, work, shouldStop: () => false }),
    ).rejects.toThrow("row 3 broke");

    expect(finished).toEqual(expect.arrayContaining([1, 2, 4]));
    expect(finished.every((item) => item <= 8)).toBe(true);
  });
});

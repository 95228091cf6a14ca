/** A generator of numbers in [0, 1), like `Math.random`, but repeatable from its seed. */
export type Random = () => number;

/**
 * mulberry32, a 32-bit generator by Tommy Ettinger: small, fast and good enough to pick which
 * requests fail. It is not for secrets. The same seed always gives the same sequence, so a test
 * that injects faults sees the same faults on every run.
 */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;

  return () => {
    state = (state + 0x6d2b79f5) >>> 0;

    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);

    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}

// A seeded random number generator, for demo traffic that repeats and for tests whose random
// inputs can be replayed from their seed.

export type Rng = () => number;

/** mulberry32: tiny, fast and good enough to make demo traffic look varied yet repeatable. */
export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

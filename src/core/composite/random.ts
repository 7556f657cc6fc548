/**
 * Seeded pseudo-random numbers for the Monte Carlo sensitivity analysis. The core has no
 * clock and no Math.random: the same seed must give the same analysis on any machine.
 *
 * Generator: mulberry32 (32-bit state, period 2³²), seeded by the integer seed mod 2³².
 * Plenty for a few thousand replicates; not for cryptography.
 */
export interface Random {
  /** Uniform on [0, 1). */
  next(): number;
  /** Uniform on [lo, hi). */
  uniform(lo: number, hi: number): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
}

export function seededRandom(seed: number): Random {
  let state = (Math.trunc(seed) >>> 0) || 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    uniform: (lo, hi) => lo + (hi - lo) * next(),
    int: (n) => Math.floor(next() * n),
  };
}

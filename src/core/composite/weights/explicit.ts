import type { WeightMethod } from './types.js';

/** Weights given in the definition, rescaled to sum 1 (the rescaling is noted when needed). */
export const explicitWeights: WeightMethod = {
  name: 'explicit',
  compute: ({ children, spec }) => {
    const raw = children.map((c) => spec.values?.[c] ?? 0);
    const total = raw.reduce((s, w) => s + w, 0);
    const notes = Math.abs(total - 1) > 1e-9 ? [`explicit weights sum to ${total}; rescaled to sum 1`] : [];
    return { weights: raw.map((w) => w / total), details: { given: Object.fromEntries(children.map((c, i) => [c, raw[i]])) }, notes };
  },
};

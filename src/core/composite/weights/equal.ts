import type { WeightMethod } from './types.js';

/** Equal weights 1/n: the default, and the choice of COINr's examples and the HDI. */
export const equalWeights: WeightMethod = {
  name: 'equal',
  compute: ({ children }) => ({ weights: children.map(() => 1 / children.length) }),
};

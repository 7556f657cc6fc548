/** The weighting strategies, one table. */
import { VitalsError } from '../../errors.js';
import { ahpWeights } from './ahp.js';
import { entropyWeightMethod } from './entropy.js';
import { equalWeights } from './equal.js';
import { explicitWeights } from './explicit.js';
import { pcaWeightMethod } from './pca.js';
import type { WeightContext, WeightMethod, WeightOutcome } from './types.js';

export const WEIGHT_METHODS: Readonly<Record<string, WeightMethod>> = {
  equal: equalWeights,
  explicit: explicitWeights,
  ahp: ahpWeights,
  pca: pcaWeightMethod,
  entropy: entropyWeightMethod,
};

export function computeWeights(context: WeightContext): WeightOutcome {
  const method = WEIGHT_METHODS[context.spec.method];
  if (!method) throw new VitalsError('VITALS_E_UNKNOWN_METHOD', { kind: 'weighting', name: context.spec.method });
  return method.compute(context);
}

export { ahp, SAATY_RANDOM_INDEX, CR_THRESHOLD, type AhpResult } from './ahp.js';
export { entropyWeights, type EntropyResult } from './entropy.js';
export { pcaWeights, type PcaResult } from './pca.js';
export type { WeightContext, WeightMethod, WeightOutcome } from './types.js';

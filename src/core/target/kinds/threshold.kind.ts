/** `≥22`, `<7`, `不低于46.6%`, `达到29%`: the value compared with a stated number. */
import type { TargetTest } from '../attainment.types.js';
import { opText } from '../format.js';
import type { Comparator } from '../types.js';
import type { TargetKindModule } from './kind.js';
import { evaluateLevel } from './level.js';

/** A stated comparator test; shared with `count`. */
export function compareTest(op: Comparator, value: number): TargetTest {
  return { type: 'compare', subject: 'value', op, threshold: value, explanation: opText(op, value) };
}

export const thresholdKind: TargetKindModule<'threshold'> = {
  kind: 'threshold',
  resolve: (spec) => compareTest(spec.op, spec.value),
  evaluate: (spec, ctx) => evaluateLevel(ctx, (rc) => thresholdKind.resolve(spec, rc)),
};

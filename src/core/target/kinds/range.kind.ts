/** `1-2个`: the value within [min, max], inclusive unless stated. */
import { fmt } from '../format.js';
import type { TargetKindModule } from './kind.js';
import { evaluateLevel } from './level.js';

export const rangeKind: TargetKindModule<'range'> = {
  kind: 'range',
  resolve: (spec) => {
    const minInclusive = spec.minInclusive ?? true;
    const maxInclusive = spec.maxInclusive ?? true;
    const open = minInclusive ? '[' : '(';
    const close = maxInclusive ? ']' : ')';
    const interval = `${open}${fmt(spec.min)}, ${fmt(spec.max)}${close}`;
    return {
      type: 'interval',
      min: spec.min,
      max: spec.max,
      minInclusive,
      maxInclusive,
      explanation: { zh: `在 ${fmt(spec.min)}～${fmt(spec.max)} 之间 ${interval}`, en: `between ${fmt(spec.min)} and ${fmt(spec.max)} ${interval}` },
    };
  },
  evaluate: (spec, ctx) => evaluateLevel(ctx, (rc) => rangeKind.resolve(spec, rc)),
};

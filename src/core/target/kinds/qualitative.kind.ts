/**
 * `明显改善`, `力争实现较大提升`: kept as text. With a known direction it is judged as a
 * direction over the period (and says so); without one it is not evaluable.
 */
import type { AttainmentNote } from '../attainment.types.js';
import { note } from '../format.js';
import { directionTest, evaluateDirection } from './direction.kind.js';
import type { TargetKindModule } from './kind.js';
import { noneTest, notEvaluable } from './level.js';

const SUFFIX = { zh: '（定性目标，仅判断方向）', en: ' (qualitative target: direction only)' };

function qualitativeNote(direction: boolean): AttainmentNote {
  return direction
    ? note('VITALS_W_QUALITATIVE_TARGET', '定性目标：只判断变化方向，不判断幅度', 'qualitative target: only the direction of change is judged, not its size')
    : note('VITALS_W_QUALITATIVE_TARGET', '定性目标，没有可判断的方向或数值', 'qualitative target with no direction or figure to judge');
}

export const qualitativeKind: TargetKindModule<'qualitative'> = {
  kind: 'qualitative',
  resolve: (spec, rc) => (spec.direction ? directionTest(spec.direction, 'overall', rc, SUFFIX) : noneTest(qualitativeNote(false))),
  evaluate: (spec, ctx) => {
    if (!spec.direction) return notEvaluable(noneTest(qualitativeNote(false)), qualitativeNote(false));
    return evaluateDirection(ctx, spec.direction, 'overall', [qualitativeNote(true)], SUFFIX);
  },
};

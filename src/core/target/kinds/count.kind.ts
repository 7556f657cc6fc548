/** `建设健康县区80个以上`: a count of things built or certified, compared with a number. */
import { compareTest } from './threshold.kind.js';
import type { TargetKindModule } from './kind.js';
import { evaluateLevel } from './level.js';

export const countKind: TargetKindModule<'count'> = {
  kind: 'count',
  resolve: (spec) => {
    const test = compareTest(spec.op, spec.value);
    return { ...test, explanation: { zh: `数量${test.explanation.zh}`, en: `count ${test.explanation.en}` } };
  },
  evaluate: (spec, ctx) => evaluateLevel(ctx, (rc) => countKind.resolve(spec, rc)),
};

/** `实现`, `建立`, `全面建成`: a yes/no achievement recorded as 1 (done) or 0 (not yet). */
import type { TargetKindModule } from './kind.js';
import { evaluateLevel } from './level.js';

export const achieveKind: TargetKindModule<'achieve'> = {
  kind: 'achieve',
  resolve: () => ({
    type: 'compare',
    subject: 'value',
    op: 'ge',
    threshold: 1,
    explanation: { zh: '已实现（记为 1）', en: 'achieved (recorded as 1)' },
  }),
  evaluate: (spec, ctx) => evaluateLevel(ctx, (rc) => achieveKind.resolve(spec, rc)),
};

/**
 * Compound targets (`保持低于国家平均水平并逐年下降`): every part must hold. Each part is
 * evaluated on its own and reported; the whole is not attained as soon as one part is not,
 * and not evaluable when no part failed but one could not be judged.
 */
import type { AttainmentNote, AttainmentResult, ResolveContext, TargetTest } from '../attainment.types.js';
import type { TargetSpec } from '../types.js';
import type { TargetKindModule } from './kind.js';

function joinExplanations(tests: readonly TargetTest[]): { zh: string; en: string } {
  return { zh: tests.map((t) => t.explanation.zh).join('；并且'), en: tests.map((t) => t.explanation.en).join('; and ') };
}

function combinedStatus(parts: readonly AttainmentResult[]): AttainmentResult['status'] {
  if (parts.some((p) => p.status === 'not_attained')) return 'not_attained';
  if (parts.some((p) => p.status === 'not_evaluable')) return 'not_evaluable';
  return 'attained';
}

function uniqueNotes(notes: readonly AttainmentNote[]): AttainmentNote[] {
  const seen = new Set<string>();
  return notes.filter((n) => {
    const key = `${n.code}|${n.en}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Built by the registry, which hands in the resolver of the parts (avoids an import cycle). */
export function createAllKind(resolvePart: (spec: TargetSpec, rc: ResolveContext) => TargetTest): TargetKindModule<'all'> {
  return {
    kind: 'all',
    resolve: (spec, rc) => {
      const parts = spec.parts.map((part) => resolvePart(part, rc));
      return { type: 'all', parts, explanation: joinExplanations(parts) };
    },
    evaluate: (spec, ctx) => {
      const parts = spec.parts.map((part) => ctx.evaluatePart(part));
      const status = combinedStatus(parts);
      const withValue = parts.find((p) => p.valueUsed !== null);
      const reason = status === 'not_evaluable' ? parts.find((p) => p.status === 'not_evaluable')!.reason : null;
      const required: TargetTest = { type: 'all', parts: parts.map((p) => p.required), explanation: joinExplanations(parts.map((p) => p.required)) };
      return {
        status,
        valueUsed: withValue?.valueUsed ?? null,
        valueYear: withValue?.valueYear ?? null,
        baseline: parts.find((p) => p.baseline)?.baseline ?? null,
        required,
        gapAbsolute: null,
        gapPercentOfRequiredChange: null,
        reason,
        warnings: uniqueNotes(parts.flatMap((p) => p.warnings)),
        parts,
        inputsUsed: { parts: parts.length },
      };
    },
  };
}

/**
 * Entry points of the attainment engine: `resolveTarget` (spec → numeric test) and
 * `evaluateAttainment` (spec + data → judgement with gap, warnings and provenance).
 * Pure and deterministic; all kind-specific logic lives in `kinds/`.
 */
import { Diagnostics } from '../diagnostics.js';
import { VitalsError } from '../errors.js';
import { isConfirmed } from '../provenance.js';
import type { AttainmentInputs, AttainmentNote, AttainmentResult, ResolveContext, TargetInput, TargetTest } from './attainment.types.js';
import { note } from './format.js';
import type { EvaluationContext } from './kinds/kind.js';
import { kindModule } from './kinds/registry.js';
import { observed, type Observed } from './series.js';
import type { TargetSpec } from './types.js';
import { validateTargetSpec } from './validate.js';

/** Version of the attainment rules; bump when a rule or default changes a result. */
export const ATTAINMENT_METHOD_VERSION = '1.0.0';
/** How many years old a value may be before it is "missing" (2025 accepts 2023 and 2024). */
export const DEFAULT_MAX_STALENESS_YEARS = 2;

const POLARITIES = ['higher_is_better', 'lower_is_better', 'neutral'];

function specOf(target: TargetSpec | TargetInput): TargetSpec {
  return target !== null && typeof target === 'object' && 'kind' in target ? target : (target as TargetInput)?.spec;
}

function requireValidSpec(spec: TargetSpec): void {
  kindModule(spec?.kind); // unknown kind → VITALS_E_UNKNOWN_METHOD before anything else
  const diagnostics = new Diagnostics(['target']);
  validateTargetSpec(spec, diagnostics);
  diagnostics.throwIfAny('VITALS_E_INVALID_TARGET');
}

function invalid(detail: string): VitalsError {
  return new VitalsError('VITALS_E_INVALID_INPUT', { detail });
}

/**
 * Turns any target kind into a numeric test for one region and year: a comparator and threshold,
 * an interval, a series test, all of several, or `none` with the reason.
 * @example
 * resolveTarget({ kind: 'threshold', op: 'ge', value: 7.5 }, { polarity: 'higher_is_better', year: 2025 })
 * // → { type: 'compare', op: 'ge', threshold: 7.5, explanation: { zh: '达到或超过 7.5', en: 'at least 7.5' } }
 */
export function resolveTarget(target: TargetSpec | TargetInput, context: ResolveContext): TargetTest {
  const spec = specOf(target);
  requireValidSpec(spec);
  if (!POLARITIES.includes(context?.polarity)) throw invalid(`polarity must be one of ${POLARITIES.join('|')}`);
  if (!Number.isInteger(context.year)) throw invalid(`year must be an integer, got ${String(context.year)}`);
  const baseline = 'kind' in target ? undefined : target.baseline;
  const merged: ResolveContext = {
    ...(baseline ? { baselineYear: baseline.year, ...(baseline.value !== undefined ? { baselineValue: baseline.value } : {}) } : {}),
    ...context,
  };
  return kindModule(spec.kind).resolve(spec as never, merged);
}

function seriesMap(record: Readonly<Record<string, readonly AttainmentInputs['series'][number][]>> | undefined, label: string): Map<string, Observed> {
  return new Map(Object.entries(record ?? {}).map(([key, points]) => [key, observed(points, `${label} ${key}`)]));
}

function buildContext(target: TargetInput, inputs: AttainmentInputs): Omit<EvaluationContext, 'evaluatePart'> {
  if (!POLARITIES.includes(inputs?.polarity)) throw invalid(`polarity must be one of ${POLARITIES.join('|')}`);
  if (!Number.isInteger(inputs.year)) throw invalid(`the evaluation year must be an integer, got ${String(inputs.year)}`);
  const maxStaleness = inputs.maxStalenessYears ?? DEFAULT_MAX_STALENESS_YEARS;
  if (!Number.isInteger(maxStaleness) || maxStaleness < 0) throw invalid(`maxStalenessYears must be a whole number ≥ 0, got ${String(maxStaleness)}`);
  const label = `${inputs.region ?? 'region'}/${inputs.indicator ?? 'indicator'}`;
  const baseline = inputs.baseline ?? target.baseline;
  if (baseline && (!Number.isInteger(baseline.year) || (baseline.value !== undefined && !Number.isFinite(baseline.value)))) {
    throw invalid(`${label}: the baseline needs an integer year and a finite value`);
  }
  return {
    polarity: inputs.polarity,
    ...(inputs.bounds ? { bounds: inputs.bounds } : {}),
    year: inputs.year,
    maxStaleness,
    series: observed(inputs.series, label),
    ...(baseline ? { baseline } : {}),
    benchmarks: seriesMap(inputs.benchmarks, `${label} benchmark`),
    references: seriesMap(inputs.references, `${label} reference`),
    ...(inputs.subUnits
      ? { subUnits: { expected: inputs.subUnits.expected ?? [], series: seriesMap(inputs.subUnits.series, `${label} sub-unit`) } }
      : {}),
  };
}

function evaluateSpec(spec: TargetSpec, ctx: EvaluationContext, labels: Pick<AttainmentResult, 'region' | 'indicator' | 'milestoneYear'>): AttainmentResult {
  const { inputsUsed, ...outcome } = kindModule(spec.kind).evaluate(spec as never, ctx);
  return {
    ...labels,
    kind: spec.kind,
    evaluationYear: ctx.year,
    ...outcome,
    provenance: {
      method: 'attainment',
      methodVersion: ATTAINMENT_METHOD_VERSION,
      params: {
        kind: spec.kind,
        spec,
        polarity: ctx.polarity,
        evaluationYear: ctx.year,
        maxStalenessYears: ctx.maxStaleness,
        ...(ctx.bounds ? { bounds: ctx.bounds } : {}),
      },
      inputs: inputsUsed,
    },
  };
}

/**
 * Judges a target for one region × indicator × milestone: attained / not attained / not
 * evaluable, the value used and its year, the resolved requirement, the gap (positive = short)
 * and the gap as % of the change required since the baseline, with coded warnings and provenance.
 * @throws VitalsError VITALS_E_UNKNOWN_METHOD (unknown kind), VITALS_E_INVALID_TARGET (bad spec),
 *   VITALS_E_INVALID_INPUT (bad series: non-finite values, conflicting duplicate years).
 * @example
 * evaluateAttainment({ kind: 'threshold', op: 'ge', value: 7.5 },
 *   { polarity: 'higher_is_better', year: 2025, series: [{ year: 2025, value: 7.62 }] }).status // 'attained'
 */
export function evaluateAttainment(target: TargetSpec | TargetInput, inputs: AttainmentInputs): AttainmentResult {
  const spec = specOf(target);
  requireValidSpec(spec);
  const input: TargetInput = 'kind' in target ? { spec } : target;
  const labels = {
    ...(inputs?.region !== undefined ? { region: inputs.region } : {}),
    ...(inputs?.indicator !== undefined ? { indicator: inputs.indicator } : {}),
    ...(input.milestoneYear !== undefined ? { milestoneYear: input.milestoneYear } : {}),
  };
  const base = buildContext(input, inputs);
  const ctx: EvaluationContext = { ...base, evaluatePart: (part) => evaluateSpec(part, ctx, labels) };
  const result = evaluateSpec(spec, ctx, labels);
  const verification = input.provenance?.verification;
  if (verification === undefined || isConfirmed(verification)) return result;
  const unverified: AttainmentNote = note(
    'VITALS_W_UNVERIFIED_SOURCE',
    `目标值未经原文核实（${verification}）`,
    `the target figure is not confirmed in a source text (${verification})`,
  );
  return { ...result, warnings: [...result.warnings, unverified] };
}

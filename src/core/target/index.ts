/**
 * Targets: definitions (`types.ts`), wording parser, structural validation, and the
 * attainment engine (resolve a target to a numeric test, judge it against data).
 */
export type * from './types.js';
export type * from './attainment.types.js';
export { validateTargetSpec } from './validate.js';
export { parseTargetWording, type ParsedWording, type ParseConfidence, type WordingContext } from './parse-wording.js';
export { resolveTarget, evaluateAttainment, ATTAINMENT_METHOD_VERSION, DEFAULT_MAX_STALENESS_YEARS } from './engine.js';
export { TARGET_KINDS, kindModule } from './kinds/registry.js';
export type { TargetKindModule, EvaluationContext } from './kinds/kind.js';
export { DEFAULT_ABOUT_TOLERANCE } from './kinds/approx.kind.js';
export { DEFAULT_MAINTAIN_TOLERANCE } from './kinds/maintain.kind.js';
export { thresholdOf } from './threshold.js';

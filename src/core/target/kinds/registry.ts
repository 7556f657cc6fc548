/**
 * The one table of target kinds. Adding a kind = one module + one line here.
 */
import { VitalsError } from '../../errors.js';
import type { ResolveContext, TargetTest } from '../attainment.types.js';
import type { TargetKind, TargetSpec } from '../types.js';
import { achieveKind } from './achieve.kind.js';
import { createAllKind } from './all.kind.js';
import { annualChangeKind } from './annual-change.kind.js';
import { approxKind } from './approx.kind.js';
import { benchmarkKind } from './benchmark.kind.js';
import { changeKind } from './change.kind.js';
import { countKind } from './count.kind.js';
import { coverageKind } from './coverage.kind.js';
import { directionKind } from './direction.kind.js';
import type { TargetKindModule } from './kind.js';
import { maintainKind } from './maintain.kind.js';
import { proportionalKind } from './proportional.kind.js';
import { qualitativeKind } from './qualitative.kind.js';
import { rangeKind } from './range.kind.js';
import { slowingGrowthKind } from './slowing-growth.kind.js';
import { thresholdKind } from './threshold.kind.js';

/** Looks up a kind module; an unknown kind fails with VITALS_E_UNKNOWN_METHOD. */
export function kindModule(kind: string): TargetKindModule {
  const module = (TARGET_KINDS as Record<string, TargetKindModule | undefined>)[kind];
  if (!module || !Object.hasOwn(TARGET_KINDS, kind)) throw new VitalsError('VITALS_E_UNKNOWN_METHOD', { kind: 'target', name: String(kind) });
  return module;
}

/** Resolves any spec through the table. */
export function resolveSpec(spec: TargetSpec, rc: ResolveContext): TargetTest {
  return kindModule(spec?.kind).resolve(spec as never, rc);
}

export const TARGET_KINDS: { readonly [K in TargetKind]: TargetKindModule<K> } = {
  threshold: thresholdKind,
  approx: approxKind,
  range: rangeKind,
  change: changeKind,
  annual_change: annualChangeKind,
  maintain: maintainKind,
  direction: directionKind,
  slowing_growth: slowingGrowthKind,
  achieve: achieveKind,
  proportional: proportionalKind,
  benchmark: benchmarkKind,
  coverage: coverageKind,
  count: countKind,
  all: createAllKind(resolveSpec),
  qualitative: qualitativeKind,
};

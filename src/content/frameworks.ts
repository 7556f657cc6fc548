/**
 * Loading the shipped frameworks (`content/frameworks/*.yaml`) and checking them against the
 * indicator catalogue, the region list and their parent plan.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Diagnostics } from '../core/diagnostics.js';
import { validateFramework } from '../core/framework/index.js';
import { inferRegionLevel, NATION_CODE, REGION_LEVEL_RANK, type Region, type RegionLevel } from '../core/region/index.js';
import type { TargetScope, TargetSpec } from '../core/target/types.js';
import { loadIndicatorCatalogue } from './catalogue.js';
import { contentDir, readContentYaml, type ContentOptions } from './files.js';
import { parseFramework } from './framework-parse.js';
import type { ContentTarget, IndicatorCatalogue, LoadedFramework } from './types.js';

export const FRAMEWORKS_DIR = 'frameworks';

export interface LoadFrameworksOptions extends ContentOptions {
  /** Catalogue to check indicator codes against; loaded from the content directory when absent. */
  readonly catalogue?: IndicatorCatalogue;
  /** Regions to check target scopes against; scopes are only shape-checked when absent. */
  readonly regions?: readonly Region[];
}

function scopeLevel(scope: TargetScope): RegionLevel | undefined {
  return 'region' in scope ? inferRegionLevel(scope.region) : scope.level;
}

function specParts(spec: TargetSpec): TargetSpec[] {
  return spec.kind === 'all' ? spec.parts.flatMap(specParts) : [spec];
}

/** Checks that need more than one file: regions, coverage levels, benchmark regions, referenced indicators. */
function checkTarget(target: ContentTarget, d: Diagnostics, indicators: ReadonlySet<string>, regions?: ReadonlyMap<string, Region>): void {
  const c = d.inContext(`target ${target.id}`);
  const exists = (code: string, what: string) => {
    if (regions && !regions.has(code)) c.error('VITALS_E_UNKNOWN_REGION', `${what} ${code} is not in the region list`);
  };
  if ('region' in target.scope) exists(target.scope.region, 'scope region');
  else if (target.scope.within) exists(target.scope.within, 'scope within');
  const level = scopeLevel(target.scope);
  for (const part of specParts(target.spec)) {
    if (part.kind === 'coverage' && level && REGION_LEVEL_RANK[part.subLevel] <= REGION_LEVEL_RANK[level]) {
      c.error('VITALS_E_INVALID_TARGET', `coverage over ${part.subLevel} needs a scope above that level, not ${level}`);
    }
    if (part.kind === 'benchmark' && part.benchmarkRegion !== NATION_CODE) exists(part.benchmarkRegion, 'benchmark region');
    if (part.kind === 'proportional' && !indicators.has(part.referenceIndicator)) {
      c.error('VITALS_E_NOT_FOUND', `reference indicator ${part.referenceIndicator} is not in the catalogue`);
    }
  }
  if (target.wording.trim() === '') c.error('VITALS_E_INVALID_TARGET', 'the original wording is required');
}

/**
 * Parse and validate a set of framework files' data. Parents are resolved among the set;
 * the result is ordered parents first (nation, then province…), then by code.
 */
export function frameworksFromData(
  files: readonly { file: string; data: unknown }[],
  catalogue: IndicatorCatalogue,
  diagnostics: Diagnostics,
  regions?: readonly Region[],
): LoadedFramework[] {
  const parsed = files.flatMap(({ file, data }) => {
    const framework = parseFramework(data, file, diagnostics);
    return framework ? [framework] : [];
  });
  const indicators = new Set(catalogue.indicators.map((i) => i.code));
  const byRegion = regions ? new Map(regions.map((r) => [r.code, r])) : undefined;
  const codes = new Set<string>();
  for (const framework of parsed) {
    const d = diagnostics.inContext(framework.file);
    if (codes.has(framework.code)) d.error('VITALS_E_INVALID_CONFIG', `framework code ${framework.code} is used by another file`);
    codes.add(framework.code);
    if (byRegion && !byRegion.has(framework.ownerRegion)) d.error('VITALS_E_UNKNOWN_REGION', `owner region ${framework.ownerRegion} is not in the region list`);
    const parent = framework.parent ? parsed.find((p) => p.code === framework.parent!.code && p.version === framework.parent!.version) : undefined;
    validateFramework(framework, { indicators, ...(parent ? { parent } : {}) }, d);
    const ids = new Set<string>();
    for (const target of framework.targets) {
      if (ids.has(target.id)) d.error('VITALS_E_INVALID_TARGET', `duplicate target id ${target.id}`);
      ids.add(target.id);
      checkTarget(target, d, indicators, byRegion);
    }
  }
  return parsed.sort((a, b) => REGION_LEVEL_RANK[a.level] - REGION_LEVEL_RANK[b.level] || a.code.localeCompare(b.code));
}

/**
 * Load every framework under `content/frameworks/`, validated against the catalogue (and the
 * regions when given).
 * @throws VitalsError VITALS_E_INVALID_CONFIG listing every problem as `file → entry → field: reason`.
 */
export function loadFrameworks(options: LoadFrameworksOptions = {}): LoadedFramework[] {
  const dir = contentDir(options);
  const catalogue = options.catalogue ?? loadIndicatorCatalogue(options);
  const files = readdirSync(join(dir, FRAMEWORKS_DIR))
    .filter((name) => name.endsWith('.yaml') || name.endsWith('.yml'))
    .sort()
    .map((name) => {
      const file = `${FRAMEWORKS_DIR}/${name}`;
      return { file, data: readContentYaml(dir, file) };
    });
  const diagnostics = new Diagnostics();
  const frameworks = frameworksFromData(files, catalogue, diagnostics, options.regions);
  diagnostics.throwIfAny();
  return frameworks;
}

/** Targets of one framework for a milestone year, in file order. */
export function targetsFor(framework: LoadedFramework, milestoneYear: number): ContentTarget[] {
  return framework.targets.filter((t) => t.milestoneYear === milestoneYear);
}

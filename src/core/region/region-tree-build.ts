/**
 * Validate a list of regions and build the tree. Every problem is reported at once (a region
 * list is authored data: the user should see all mistakes in one pass), then one
 * VITALS_E_INVALID_INPUT error carries them all.
 */
import { Diagnostics } from '../diagnostics.js';
import { ALL_REGION_LEVELS, REGION_LEVEL_RANK, descendantPrefix, inferRegionLevel, isValidRegionCode } from './region-code.js';
import { isIsoDate } from './region-dates.js';
import { RegionTree } from './region-tree.js';
import type { Region } from './types.js';

function checkRow(region: Region, d: Diagnostics): boolean {
  let ok = true;
  const fail = (code: Parameters<Diagnostics['error']>[0], message: string) => {
    d.error(code, message);
    ok = false;
  };
  if (!ALL_REGION_LEVELS.includes(region.level)) fail('VITALS_E_INVALID_INPUT', `unknown level "${String(region.level)}"`);
  else if (!isValidRegionCode(region.code, region.level)) {
    const shape = inferRegionLevel(region.code);
    fail(
      'VITALS_E_INVALID_REGION_CODE',
      shape
        ? `code ${region.code} has the form of a ${shape} code but the region is declared at level ${region.level}`
        : `code ${JSON.stringify(region.code)} is not a GB/T 2260, NBS township or unit code`,
    );
  }
  if (typeof region.name !== 'string' || region.name.trim() === '') fail('VITALS_E_INVALID_INPUT', 'name is empty');
  if (!isIsoDate(region.validFrom)) fail('VITALS_E_INVALID_INPUT', `validFrom ${JSON.stringify(region.validFrom)} is not an ISO date (YYYY-MM-DD)`);
  if (region.validTo !== null && !isIsoDate(region.validTo)) {
    fail('VITALS_E_INVALID_INPUT', `validTo ${JSON.stringify(region.validTo)} is not an ISO date (YYYY-MM-DD) or null`);
  } else if (region.validTo !== null && isIsoDate(region.validFrom) && region.validTo <= region.validFrom) {
    fail('VITALS_E_INVALID_INPUT', `validTo ${region.validTo} is not after validFrom ${region.validFrom}`);
  }
  if (region.level === 'nation' && region.parentCode !== null) fail('VITALS_E_INVALID_INPUT', 'the nation cannot have a parent');
  if (region.level === 'unit' && region.parentCode === null) fail('VITALS_E_INVALID_INPUT', 'a reporting unit needs a geographic parent');
  return ok;
}

function checkParent(region: Region, parent: Region | undefined, d: Diagnostics): void {
  if (region.parentCode === null) return;
  if (!parent) {
    d.error('VITALS_E_UNKNOWN_REGION', `parent ${region.parentCode} does not exist`);
    return;
  }
  if (parent.level === 'unit') {
    d.error('VITALS_E_INVALID_INPUT', `parent ${parent.code} is a reporting unit; units hang under geographic regions`);
  } else if (REGION_LEVEL_RANK[region.level] <= REGION_LEVEL_RANK[parent.level]) {
    d.error('VITALS_E_INVALID_INPUT', `a ${region.level} cannot sit under ${parent.level} ${parent.code}: levels must deepen`);
  } else if (region.level !== 'unit') {
    const prefix = descendantPrefix(parent.code, parent.level);
    if (!region.code.startsWith(prefix)) {
      d.error('VITALS_E_INVALID_REGION_CODE', `code ${region.code} does not start with ${prefix}, the prefix of its parent ${parent.code}`);
    }
  }
  // A child that outlives its parent would silently drop out of every roll-up.
  const startsBefore = region.validFrom < parent.validFrom;
  const endsAfter = parent.validTo !== null && (region.validTo === null || region.validTo > parent.validTo);
  if (startsBefore || endsAfter) {
    d.error(
      'VITALS_E_INVALID_INPUT',
      `valid ${region.validFrom}–${region.validTo ?? 'now'} is outside parent ${parent.code}'s validity ${parent.validFrom}–${parent.validTo ?? 'now'}`,
    );
  }
}

function checkLineage(region: Region, byCode: ReadonlyMap<string, Region>, d: Diagnostics): void {
  const seen = new Set<string>();
  for (const code of region.predecessors ?? []) {
    if (seen.has(code)) d.error('VITALS_E_INVALID_INPUT', `predecessor ${code} is listed twice`);
    seen.add(code);
    if (code === region.code) {
      d.error('VITALS_E_INVALID_INPUT', 'a region cannot be its own predecessor');
      continue;
    }
    const predecessor = byCode.get(code);
    if (!predecessor) {
      d.error('VITALS_E_UNKNOWN_REGION', `predecessor ${code} does not exist`);
      continue;
    }
    // Successors begin strictly later than their predecessors; this also rules out lineage cycles.
    // A predecessor may outlive the hand-over (it ceded only part of its ground).
    if (predecessor.validFrom >= region.validFrom) {
      d.error('VITALS_E_INVALID_INPUT', `predecessor ${code} begins ${predecessor.validFrom}, not before this region (${region.validFrom})`);
    }
  }
}

/** Report every parent cycle once, as the path around it. */
function checkCycles(byCode: ReadonlyMap<string, Region>, d: Diagnostics): void {
  const state = new Map<string, 'walking' | 'done'>();
  for (const start of byCode.keys()) {
    const path: string[] = [];
    let code: string | null = start;
    while (code !== null && !state.has(code) && byCode.has(code)) {
      state.set(code, 'walking');
      path.push(code);
      code = byCode.get(code)!.parentCode;
    }
    if (code !== null && state.get(code) === 'walking') {
      const cycle = path.slice(path.indexOf(code));
      d.inContext(`region ${code}`).error('VITALS_E_INVALID_INPUT', `parent cycle ${[...cycle, code].join(' → ')}`);
    }
    for (const c of path) state.set(c, 'done');
  }
}

/**
 * Validate `regions` and build a `RegionTree`.
 *
 * Checks: code shape matches the level (GB/T 2260 / NBS / unit), unique codes, ISO dates with
 * validTo after validFrom, parents exist, levels deepen and codes share the parent's prefix,
 * a child's validity lies within its parent's, no parent cycles, predecessors exist and hand
 * over in time order.
 *
 * @param diagnostics collector to report into (problems are prefixed `region CODE`).
 * @throws VitalsError VITALS_E_INVALID_INPUT listing every problem when any was found.
 */
export function buildRegionTree(regions: readonly Region[], diagnostics: Diagnostics = new Diagnostics()): RegionTree {
  const byCode = new Map<string, Region>();
  const problems = diagnostics.inContext('regions');
  regions.forEach((region, i) => {
    const d = problems.inContext(`row ${i + 1} (region ${String(region?.code)})`);
    if (!region || typeof region !== 'object') {
      d.error('VITALS_E_INVALID_INPUT', 'not a region object');
      return;
    }
    if (byCode.has(region.code)) {
      d.error('VITALS_E_INVALID_INPUT', `duplicate code ${region.code}`);
      return;
    }
    if (checkRow(region, d)) byCode.set(region.code, region);
  });
  let i = 0;
  for (const region of regions) {
    i += 1;
    if (byCode.get(region?.code) !== region) continue;
    const d = problems.inContext(`row ${i} (region ${region.code})`);
    checkParent(region, region.parentCode === null ? undefined : byCode.get(region.parentCode), d);
    checkLineage(region, byCode, d);
  }
  checkCycles(byCode, problems);
  diagnostics.throwIfAny('VITALS_E_INVALID_INPUT');
  return new RegionTree([...byCode.values()]);
}

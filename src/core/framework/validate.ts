/**
 * Pure validation of a framework definition. Every problem is collected under
 * `framework CODE@VERSION → …` so a planner sees all of them at once.
 */
import { Diagnostics } from '../diagnostics.js';
import type { IndicatorKind, IndicatorNature } from '../indicator/types.js';
import { MAX_YEAR, MIN_YEAR } from '../period/index.js';
import { REGION_LEVELS, type RegionLevel } from '../region/types.js';
import type { Target, TargetScope } from '../target/types.js';
import { frameworkIndicatorCodes, frameworkKey } from './framework.js';
import type { Baseline, Framework } from './types.js';

export const INDICATOR_NATURES: readonly IndicatorNature[] = ['binding', 'expected', 'advocacy'];
export const INDICATOR_KINDS: readonly IndicatorKind[] = ['outcome', 'process', 'government_work', 'advocacy'];

export interface FrameworkValidationOptions {
  /** Codes of every known indicator (the indicator catalogue). */
  readonly indicators: Iterable<string>;
  /** The parent framework, required when the framework adopts indicators. */
  readonly parent?: Framework;
}

const CODE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const REGION_CODE = /^(\d{6}|\d{9})$/;

function isYear(year: unknown): year is number {
  return typeof year === 'number' && Number.isInteger(year) && year >= MIN_YEAR && year <= MAX_YEAR;
}

function scopeKey(scope: TargetScope): string {
  return 'region' in scope ? scope.region : `${scope.level}${scope.within ? ` within ${scope.within}` : ''}`;
}

/**
 * Validate a framework: codes, years, groups, indicator membership, adoption from the
 * parent, and that every target belongs to the framework and falls within its years.
 * Target specs themselves are validated by the target module.
 * @returns the diagnostics (pass your own to collect into a wider report); call `throwIfAny()` to fail.
 */
export function validateFramework(def: Framework, options: FrameworkValidationOptions, diagnostics: Diagnostics = new Diagnostics()): Diagnostics {
  const d = diagnostics.inContext(`framework ${frameworkKey(def)}`);
  const known = new Set(options.indicators);
  const years = def.years ?? { start: Number.NaN, end: Number.NaN };
  const yearsOk = isYear(years.start) && isYear(years.end) && years.start <= years.end;

  if (typeof def.code !== 'string' || !CODE.test(def.code)) d.error('VITALS_E_INVALID_CONFIG', `invalid framework code "${String(def.code)}" (letters, digits, . _ -)`);
  if (typeof def.version !== 'string' || def.version.trim() === '') d.error('VITALS_E_INVALID_CONFIG', 'version is required');
  if (!def.name || typeof def.name.zh !== 'string' || def.name.zh.trim() === '') d.error('VITALS_E_INVALID_CONFIG', 'a Chinese name (name.zh) is required');
  if (typeof def.ownerRegion !== 'string' || !REGION_CODE.test(def.ownerRegion)) d.error('VITALS_E_INVALID_REGION_CODE', `owner region "${String(def.ownerRegion)}" is not a 6- or 9-digit code`);
  if (!REGION_LEVELS.includes(def.level)) d.error('VITALS_E_INVALID_CONFIG', `level "${String(def.level)}" is not one of ${REGION_LEVELS.join(', ')}`);
  if (!yearsOk) d.error('VITALS_E_INVALID_CONFIG', `plan years ${String(years.start)}–${String(years.end)} must be whole years in ${MIN_YEAR}–${MAX_YEAR}, start ≤ end`);

  // Groups.
  const groups = new Set<string>();
  for (const group of def.groups ?? []) {
    const g = d.inContext(`group ${group.code}`);
    if (typeof group.code !== 'string' || group.code.trim() === '') g.error('VITALS_E_INVALID_CONFIG', 'group code is required');
    else if (groups.has(group.code)) g.error('VITALS_E_INVALID_CONFIG', `duplicate group code "${group.code}"`);
    else groups.add(group.code);
    if (!group.name || typeof group.name.zh !== 'string' || group.name.zh.trim() === '') g.error('VITALS_E_INVALID_CONFIG', 'a Chinese name (name.zh) is required');
  }

  const checkBaseline = (c: Diagnostics, baseline: Baseline | undefined): void => {
    if (!baseline) return;
    if (!isYear(baseline.year)) c.error('VITALS_E_INVALID_CONFIG', `baseline year ${String(baseline.year)} is not a valid year`);
    else if (yearsOk && baseline.year > years.end) c.error('VITALS_E_INVALID_CONFIG', `baseline year ${baseline.year} is after the plan ends (${years.end})`);
    if (baseline.value !== undefined && !Number.isFinite(baseline.value)) c.error('VITALS_E_INVALID_CONFIG', `baseline value ${String(baseline.value)} is not a number`);
  };
  const checkEntry = (c: Diagnostics, entry: { group: string; nature?: IndicatorNature; kind?: IndicatorKind; baseline?: Baseline }, optional: boolean): void => {
    if (!groups.has(entry.group)) c.error('VITALS_E_INVALID_CONFIG', `group "${String(entry.group)}" is not defined in this framework`);
    if ((!optional || entry.nature !== undefined) && !INDICATOR_NATURES.includes(entry.nature!)) {
      c.error('VITALS_E_INVALID_CONFIG', `nature "${String(entry.nature)}" is not one of ${INDICATOR_NATURES.join(', ')}`);
    }
    if ((!optional || entry.kind !== undefined) && !INDICATOR_KINDS.includes(entry.kind!)) {
      c.error('VITALS_E_INVALID_CONFIG', `kind "${String(entry.kind)}" is not one of ${INDICATOR_KINDS.join(', ')}`);
    }
    checkBaseline(c, entry.baseline);
  };

  // Own and adopted indicators share one namespace.
  const seen = new Set<string>();
  const firstTime = (c: Diagnostics, code: string): boolean => {
    if (!seen.has(code)) {
      seen.add(code);
      return true;
    }
    c.error('VITALS_E_INVALID_CONFIG', `indicator "${code}" is listed more than once`);
    return false;
  };
  for (const entry of def.indicators ?? []) {
    const c = d.inContext(`indicator ${entry.indicator}`);
    if (firstTime(c, entry.indicator) && !known.has(entry.indicator)) c.error('VITALS_E_NOT_FOUND', `indicator "${entry.indicator}" is not in the indicator catalogue`);
    checkEntry(c, entry, false);
  }
  checkAdoptions(def, options.parent, d, firstTime, (c, entry) => checkEntry(c, entry, true));

  // Targets.
  const members = frameworkIndicatorCodes(def);
  const targetKeys = new Set<string>();
  for (const target of def.targets ?? []) checkTarget(target, def, members, yearsOk, targetKeys, d);
  return diagnostics;
}

function checkAdoptions(
  def: Framework,
  parent: Framework | undefined,
  d: Diagnostics,
  firstTime: (c: Diagnostics, code: string) => boolean,
  checkEntry: (c: Diagnostics, entry: NonNullable<Framework['adopts']>[number]) => void,
): void {
  const adopts = def.adopts ?? [];
  if (def.parent && parent && (def.parent.code !== parent.code || def.parent.version !== parent.version)) {
    d.error('VITALS_E_INVALID_CONFIG', `parent is ${frameworkKey(def.parent)} but ${frameworkKey(parent)} was given`);
  }
  if (parent && REGION_LEVELS.indexOf(parent.level) > REGION_LEVELS.indexOf(def.level as RegionLevel)) {
    d.error('VITALS_E_INVALID_CONFIG', `a ${def.level} plan cannot adopt from a lower-level (${parent.level}) plan`);
  }
  if (adopts.length === 0) return;
  if (!def.parent) d.error('VITALS_E_INVALID_CONFIG', 'adopts indicators but names no parent framework');
  else if (!parent) d.error('VITALS_E_NOT_FOUND', `adopts indicators but the parent framework ${frameworkKey(def.parent)} was not provided`);
  const parentCodes = parent ? frameworkIndicatorCodes(parent) : undefined;
  for (const entry of adopts) {
    const c = d.inContext(`adopted indicator ${entry.indicator}`);
    if (firstTime(c, entry.indicator) && parentCodes && !parentCodes.has(entry.indicator)) {
      c.error('VITALS_E_NOT_FOUND', `indicator "${entry.indicator}" is not in the parent framework ${frameworkKey(parent!)}`);
    }
    checkEntry(c, entry);
  }
}

function checkTarget(target: Target, def: Framework, members: ReadonlySet<string>, yearsOk: boolean, keys: Set<string>, d: Diagnostics): void {
  const scope = target.scope ? scopeKey(target.scope) : '?';
  const c = d.inContext(`target ${target.indicator} ${scope} ${target.milestoneYear}`);
  if (target.framework !== def.code) c.error('VITALS_E_INVALID_TARGET', `belongs to framework "${target.framework}", not "${def.code}"`);
  if (!members.has(target.indicator)) c.error('VITALS_E_INVALID_TARGET', `indicator "${target.indicator}" is not part of this framework (add it or adopt it)`);
  if (!isYear(target.milestoneYear)) c.error('VITALS_E_INVALID_TARGET', `milestone year ${String(target.milestoneYear)} is not a valid year`);
  else if (yearsOk && (target.milestoneYear < def.years.start || target.milestoneYear > def.years.end)) {
    c.error('VITALS_E_INVALID_TARGET', `milestone year ${target.milestoneYear} is outside the plan years ${def.years.start}–${def.years.end}`);
  }
  if (target.baseline && isYear(target.baseline.year) && isYear(target.milestoneYear) && target.baseline.year > target.milestoneYear) {
    c.error('VITALS_E_INVALID_TARGET', `baseline year ${target.baseline.year} is after the milestone year ${target.milestoneYear}`);
  }
  if (!target.scope) c.error('VITALS_E_INVALID_TARGET', 'scope is required (a region or a level)');
  else if ('region' in target.scope && !REGION_CODE.test(target.scope.region)) {
    c.error('VITALS_E_INVALID_REGION_CODE', `scope region "${target.scope.region}" is not a 6- or 9-digit code`);
  } else if ('level' in target.scope && !REGION_LEVELS.includes(target.scope.level)) {
    c.error('VITALS_E_INVALID_TARGET', `scope level "${String(target.scope.level)}" is not one of ${REGION_LEVELS.join(', ')}`);
  }
  if (typeof target.wording !== 'string' || target.wording.trim() === '') c.error('VITALS_E_INVALID_TARGET', 'the original wording is required');
  const key = `${target.indicator}|${scope}|${target.milestoneYear}`;
  if (keys.has(key)) c.error('VITALS_E_INVALID_TARGET', 'duplicate target for the same indicator, scope and milestone year (combine parts with kind "all")');
  keys.add(key);
}

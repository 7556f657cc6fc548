import { describe, expect, it } from 'vitest';
import { Diagnostics } from '../diagnostics.js';
import { validateTargetSpec } from './validate.js';

const valid: unknown[] = [
  { kind: 'threshold', op: 'ge', value: 22 },
  { kind: 'approx', value: 27, tolerance: 0.05, toleranceMode: 'relative' },
  { kind: 'range', min: 1, max: 2 },
  { kind: 'range', min: 2, max: 2 },
  { kind: 'change', baselineYear: 2020, mode: 'absolute', amount: 1, comparison: 'about', tolerance: 0.05 },
  { kind: 'change', baselineYear: 2015, mode: 'relative', amount: -0.3, comparison: 'at_least' },
  { kind: 'annual_change', mode: 'absolute', amount: -0.5, comparison: 'at_least' },
  { kind: 'maintain', reference: 'previous_year', tolerance: 0 },
  { kind: 'direction', direction: 'decrease', strictness: 'each_year' },
  { kind: 'slowing_growth' },
  { kind: 'achieve' },
  { kind: 'proportional', referenceIndicator: 'LE', baselineYear: 2020, ratio: 1 },
  { kind: 'benchmark', benchmarkRegion: '000000', relation: 'better' },
  { kind: 'coverage', subLevel: 'county', share: 1, perUnit: 1 },
  { kind: 'count', op: 'ge', value: 80 },
  { kind: 'all', parts: [{ kind: 'benchmark', benchmarkRegion: '000000', relation: 'below' }, { kind: 'direction', direction: 'decrease', strictness: 'each_year' }] },
  { kind: 'qualitative' },
  { kind: 'qualitative', direction: 'increase' },
];

describe('validateTargetSpec accepts well-formed specs', () => {
  it.each(valid.map((s) => [JSON.stringify(s), s]))('%s', (_label, spec) => {
    const d = new Diagnostics(['t']);
    expect(validateTargetSpec(spec, d)).toBe(true);
    expect(d.all).toEqual([]);
  });
});

// [spec, expected code, fragment of the message]
const invalid: [unknown, string, string][] = [
  [null, 'VITALS_E_INVALID_TARGET', 'object'],
  [[], 'VITALS_E_INVALID_TARGET', 'object'],
  [{ kind: 'magic' }, 'VITALS_E_UNKNOWN_METHOD', 'magic'],
  [{ kind: 'threshold', op: 'gte', value: 1 }, 'VITALS_E_INVALID_TARGET', 'op must be one of'],
  [{ kind: 'threshold', op: 'ge', value: Number.NaN }, 'VITALS_E_INVALID_TARGET', 'value must be a finite number'],
  [{ kind: 'threshold', op: 'ge', value: '22' }, 'VITALS_E_INVALID_TARGET', 'value must be a finite number'],
  [{ kind: 'approx', value: 27, tolerance: -1 }, 'VITALS_E_INVALID_TARGET', 'tolerance must be ≥ 0'],
  [{ kind: 'range', min: 3, max: 2 }, 'VITALS_E_INVALID_TARGET', 'min (3) must be ≤ max (2)'],
  [{ kind: 'range', min: 2, max: 2, maxInclusive: false }, 'VITALS_E_INVALID_TARGET', 'empty'],
  [{ kind: 'change', baselineYear: 20.5, mode: 'absolute', amount: 1, comparison: 'about' }, 'VITALS_E_INVALID_TARGET', 'baselineYear must be a year'],
  [{ kind: 'change', baselineYear: 2015, mode: 'relative', amount: -1.5, comparison: 'at_least' }, 'VITALS_E_INVALID_TARGET', '−100 %'],
  [{ kind: 'annual_change', mode: 'relative', amount: -1, comparison: 'at_least' }, 'VITALS_E_INVALID_TARGET', '−100 %'],
  [{ kind: 'maintain', reference: 'last', tolerance: 1 }, 'VITALS_E_INVALID_TARGET', 'reference must be one of'],
  [{ kind: 'direction', direction: 'up', strictness: 'overall' }, 'VITALS_E_INVALID_TARGET', 'direction must be one of'],
  [{ kind: 'proportional', referenceIndicator: ' ', baselineYear: 2020 }, 'VITALS_E_INVALID_TARGET', 'referenceIndicator'],
  [{ kind: 'proportional', referenceIndicator: 'LE', baselineYear: 2020, ratio: 0 }, 'VITALS_E_INVALID_TARGET', 'ratio'],
  [{ kind: 'benchmark', benchmarkRegion: '', relation: 'reach' }, 'VITALS_E_INVALID_TARGET', 'benchmarkRegion'],
  [{ kind: 'coverage', subLevel: 'county', share: 0 }, 'VITALS_E_INVALID_TARGET', 'share must be in (0, 1]'],
  [{ kind: 'coverage', subLevel: 'county', share: 1.5 }, 'VITALS_E_INVALID_TARGET', 'share must be in (0, 1]'],
  [{ kind: 'coverage', subLevel: 'village', share: 1 }, 'VITALS_E_INVALID_TARGET', 'subLevel must be one of'],
  [{ kind: 'all', parts: [] }, 'VITALS_E_INVALID_TARGET', 'non-empty'],
  [{ kind: 'qualitative', direction: 'sideways' }, 'VITALS_E_INVALID_TARGET', 'direction must be one of'],
];

describe('validateTargetSpec reports structural problems', () => {
  it.each(invalid.map(([s, code, msg]) => [JSON.stringify(s) ?? String(s), s, code, msg]))('%s', (_label, spec, code, fragment) => {
    const d = new Diagnostics(['targets.csv row 3']);
    expect(validateTargetSpec(spec, d)).toBe(false);
    expect(d.errors[0]?.code).toBe(code);
    expect(d.errors[0]?.message).toContain(fragment);
    expect(d.errors[0]?.path).toEqual(['targets.csv row 3']);
  });

  it('names the failing part of a compound target and reports every problem', () => {
    const d = new Diagnostics();
    const spec = { kind: 'all', parts: [{ kind: 'achieve' }, { kind: 'range', min: 5, max: 1 }, { kind: 'threshold', op: 'x', value: Infinity }] };
    expect(validateTargetSpec(spec, d)).toBe(false);
    expect(d.errors.map((e) => e.path)).toEqual([['parts[1]'], ['parts[2]'], ['parts[2]']]);
  });

  it('stays correct when the same collector sees the same invalid spec twice', () => {
    const d = new Diagnostics();
    const spec = { kind: 'range', min: 5, max: 1 };
    expect(validateTargetSpec(spec, d)).toBe(false);
    expect(validateTargetSpec(spec, d)).toBe(false);
  });
});

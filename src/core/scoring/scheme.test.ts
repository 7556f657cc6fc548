import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../diagnostics.js';
import { VitalsError } from '../errors.js';
import { miniScheme, variant } from './__fixtures__/schemes.js';
import { parseScheme, validateScheme } from './scheme.js';

function problems(raw: unknown, options = {}): Diagnostic[] {
  return [...validateScheme(raw, options).diagnostics.errors];
}
const messages = (raw: unknown, options = {}) => problems(raw, options).map((d) => `${d.path.join(' → ')}: ${d.message}`);

describe('parseScheme', () => {
  it('accepts the mini scheme and resolves it', () => {
    const scheme = parseScheme(miniScheme);
    expect(scheme.code).toBe('mini');
    // grade bands sorted highest first; the last is the lowest grade
    expect(scheme.gradeBands.map((b) => b.grade)).toEqual(['excellent', 'good', 'pass', 'fail']);
    const le = scheme.dimensions[0]!.items[1]!;
    expect(le.unit).toEqual({ zh: '岁', en: 'years' });
    // a task item defaults to higher-is-better and kind inferred from the missing indicator
    const ledger = scheme.dimensions[1]!.items[0]!;
    expect(ledger).toMatchObject({ kind: 'task', polarity: 'higher_is_better' });
    // veto items carry 0 points
    expect(scheme.dimensions[1]!.items[4]!.points).toBe(0);
  });

  it('resolves weights into points: weight × totalPoints', () => {
    const scheme = parseScheme(
      variant((s) => {
        // IMR weight 0.5 × 20 = 10 points, LE weight 0.2 × 20 = 4 points: same sums as before
        s.dimensions[0].items[0].weight = 0.5;
        delete s.dimensions[0].items[0].points;
        s.dimensions[0].items[1].weight = 0.2;
        delete s.dimensions[0].items[1].points;
      }),
    );
    expect(scheme.dimensions[0]!.items.map((i) => i.points)).toEqual([10, 4]);
    // a resolved scheme survives a JSON round trip (e.g. stored with a result snapshot)
    expect(parseScheme(JSON.parse(JSON.stringify(scheme)))).toEqual(scheme);
  });

  it('reports every problem at once in one VITALS_E_INVALID_CONFIG', () => {
    const broken = variant((s) => {
      s.name = { zh: '测试方案' }; // English name missing
      s.dimensions[0].items[0].params = { floor: 3, target: 3.8 }; // floor on the wrong side for lower-is-better
      s.dimensions[0].items[1].points = 5; // D1 now sums to 15, not 14; total 21, not 20
      s.dimensions[1].items[1].code = 'LEDGER'; // duplicate code
      s.dimensions[1].items[2].rule = 'lottery'; // unknown rule
      s.gradeBands[1].minScore = 18; // same start as excellent: overlapping
      s.gradeBands[3].minScore = 5; // nothing starts at 0
    });
    let thrown: unknown;
    try {
      parseScheme(broken);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(VitalsError);
    const error = thrown as VitalsError;
    expect(error.code).toBe('VITALS_E_INVALID_CONFIG');
    const details = (error.details as Diagnostic[]).map((d) => d.message);
    expect(details).toEqual(
      expect.arrayContaining([
        '"en" is required',
        'floor 3 must be above target 3.8 for a lower-is-better item',
        'base item points sum to 15 but the dimension declares 14',
        'base item points sum to 21 but totalPoints is 20',
        'duplicate item code "LEDGER" (item codes are unique across the scheme)',
        'unknown scoring rule "lottery" (known: full_if_met, linear, improvement, deterioration, bonus, veto, banded)',
        'grade bands "excellent" and "good" overlap: both start at 18',
        'totals below 5 would have no grade: the lowest band must start at 0',
      ]),
    );
    expect((error.details as Diagnostic[]).find((d) => d.message.startsWith('unknown scoring rule'))!.code).toBe('VITALS_E_UNKNOWN_METHOD');
  });

  it('names the path of each problem', () => {
    const broken = variant((s) => {
      s.dimensions[0].items[0].params = { floor: 5, target: 3.8, flor: 1 };
    });
    expect(messages(broken)).toEqual(['scheme mini → dimension D1 → item IMR → rule linear: unknown parameter "flor" (allowed: floor, target)']);
  });

  it('checks indicators against a known list', () => {
    expect(messages(miniScheme, { knownIndicators: ['IMR'] })).toEqual(['scheme mini → dimension D1 → item LE: unknown indicator "LE"']);
    expect(messages(miniScheme, { knownIndicators: ['IMR', 'LE'] })).toEqual([]);
  });

  it('finds overlapping value bands and a best band below the item points', () => {
    const broken = variant((s) => {
      s.dimensions[0].items[1] = {
        code: 'LE',
        indicator: 'LE',
        name: { zh: '人均预期寿命', en: 'Life expectancy' },
        points: 4,
        rule: 'banded',
        params: { bands: [{ min: 78, points: 3 }, { min: 77, max: 78.5, points: 2 }, { max: 77, points: 0 }] },
      };
    });
    expect(messages(broken)).toEqual([
      'scheme mini → dimension D1 → item LE → rule banded: bands [77, 78.5) and ≥78 overlap',
      'scheme mini → dimension D1 → item LE → rule banded: the best band awards 3 but the item is worth 4',
    ]);
  });

  it.each([
    ['a version given as a YAML number', (s: any) => (s.version = 1.0), '"version" must be a non-empty string, got 1 (quote it in YAML: version: "1")'],
    ['inconsistent points and weight', (s: any) => (s.dimensions[0].items[1].weight = 0.3), 'give either "points" or "weight", not both'],
    ['veto items with points', (s: any) => (s.dimensions[1].items[4].points = 3), '"points" must be ≤ 0, got 3'],
    ['a missing veto policy', (s: any) => delete s.vetoPolicy, '"vetoPolicy" is required when the scheme has veto items ({ zeroTotal: true|false })'],
    ['an unknown grade', (s: any) => (s.gradeBands[0].grade = 'outstanding'), '"grade" must be one of excellent, good, pass, fail, model, needs_improvement, got "outstanding"'],
    ['linear without polarity', (s: any) => delete s.dimensions[0].items[0].polarity, 'rule "linear" needs the item\'s polarity (higher_is_better or lower_is_better)'],
    ['an improvement item without mode', (s: any) => (s.dimensions[0].items[1] = { ...s.dimensions[0].items[1], rule: 'improvement', params: {} }), 'parameter "mode" is required (one of per_unit, proportional)'],
    ['a task item naming an indicator', (s: any) => (s.dimensions[1].items[0].indicator = 'X'), 'a task item has no indicator; use kind: indicator'],
  ])('rejects %s', (_label, change, message) => {
    expect(problems(variant(change)).map((d) => d.message)).toContain(message);
  });

  it('rejects something that is not a scheme', () => {
    expect(() => parseScheme('hello')).toThrow(/a scheme must be an object/);
  });
});

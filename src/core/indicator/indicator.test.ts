import { describe, expect, it } from 'vitest';
import { compileIndicators, unitFactor, type DataElement, type IndicatorDefinition } from './index.js';

const de = (code: string, extra: Partial<DataElement> = {}): DataElement => ({
  code,
  name: { zh: code },
  unit: '人',
  aggregation: 'sum',
  periodType: 'year',
  ...extra,
});
const ind = (code: string, extra: Partial<IndicatorDefinition>): IndicatorDefinition => ({
  code,
  name: { zh: code },
  unit: '',
  polarity: 'lower_is_better',
  periodType: 'year',
  aggregation: 'ratio_of_sums',
  ...extra,
});

const ELEMENTS = [
  de('LIVE_BIRTHS'),
  de('INFANT_DEATHS'),
  de('MATERNAL_DEATHS'),
  de('BEDS', { unit: '张', aggregation: 'last_value' }),
  de('POP', { aggregation: 'last_value' }),
  de('LE', { unit: '岁', aggregation: 'population_weighted_mean', weightElement: 'POP' }),
];

describe('unitFactor', () => {
  it.each([
    ['%', 100],
    ['％', 100], // full-width
    ['‰', 1000],
    ['1/万', 10000],
    ['1/10万', 100000],
    ['/10万', 100000],
    ['per 100,000', 100000],
    ['岁', undefined],
    ['张/千人', undefined],
  ])('%s → %s', (unit, factor) => {
    expect(unitFactor(unit)).toBe(factor);
  });
});

describe('compileIndicators: evaluation', () => {
  const { compiled, diagnostics } = compileIndicators(ELEMENTS, [
    ind('IMR', { unit: '‰', numerator: 'INFANT_DEATHS', denominator: 'LIVE_BIRTHS' }),
    ind('MMR', { unit: '1/10万', numerator: 'MATERNAL_DEATHS', denominator: 'LIVE_BIRTHS' }),
    ind('BEDS_PER_1000', { unit: '张', polarity: 'higher_is_better', aggregation: 'not_aggregatable', formula: 'BEDS / POP * 1000' }),
    ind('IMR_GAP', { unit: '‰', aggregation: 'not_aggregatable', formula: 'IMR - 5.2' }),
    ind('LIFE_EXP', { unit: '岁', polarity: 'higher_is_better', aggregation: 'population_weighted_mean', formula: 'LE' }),
    ind('FEMALE_BIRTHS', { unit: '%', polarity: 'neutral', numerator: '#{LIVE_BIRTHS|sex=F}', denominator: 'LIVE_BIRTHS' }),
  ]);
  const values: Record<string, number | null> = {
    LIVE_BIRTHS: 5000,
    'LIVE_BIRTHS|sex=F': 2400,
    INFANT_DEATHS: 27,
    MATERNAL_DEATHS: 8,
    BEDS: 7500,
    POP: 1_000_000,
    LE: 78.2,
  };
  const lookup = (key: string) => values[key];

  it('reports nothing for valid definitions', () => {
    expect(diagnostics.all).toEqual([]);
    expect([...compiled.keys()].sort()).toEqual(['BEDS_PER_1000', 'FEMALE_BIRTHS', 'IMR', 'IMR_GAP', 'LIFE_EXP', 'MMR']);
  });

  it('evaluates ratios with the factor the unit implies', () => {
    const imr = compiled.get('IMR')!.evaluate(lookup);
    expect(imr.value).toBeCloseTo(5.4, 12); // 27 / 5000 × 1000 = 5.4
    expect(imr.numerator).toBe(27);
    expect(imr.denominator).toBe(5000);
    expect(imr.method).toBe('ratio');
    expect(imr.params.factor).toBe(1000);
    expect([...imr.inputs.entries()]).toEqual([['INFANT_DEATHS', 27], ['LIVE_BIRTHS', 5000]]);
    expect(compiled.get('MMR')!.evaluate(lookup).value).toBeCloseTo(160, 9); // 8 / 5000 × 100000 = 160
  });

  it('evaluates formulas, disaggregations and indicator references', () => {
    expect(compiled.get('BEDS_PER_1000')!.evaluate(lookup).value).toBeCloseTo(7.5, 12); // 7500 / 1e6 × 1000
    expect(compiled.get('FEMALE_BIRTHS')!.evaluate(lookup).value).toBeCloseTo(48, 12); // 2400 / 5000 × 100
    const gap = compiled.get('IMR_GAP')!.evaluate(lookup);
    expect(gap.value).toBeCloseTo(0.2, 12); // 5.4 − 5.2
    expect(compiled.get('IMR_GAP')!.dependencies).toEqual(new Set(['INFANT_DEATHS', 'LIVE_BIRTHS']));
    expect(compiled.get('IMR_GAP')!.indicatorDependencies).toEqual(new Set(['IMR']));
    expect([...gap.inputs.keys()].sort()).toEqual(['INFANT_DEATHS', 'LIVE_BIRTHS']);
  });

  it('borrows the weight element of a single-element formula', () => {
    expect(compiled.get('LIFE_EXP')!.weightElement).toBe('POP');
  });

  it('returns null with a reason for missing inputs and zero denominators', () => {
    const missing = compiled.get('IMR')!.evaluate((key) => (key === 'LIVE_BIRTHS' ? 5000 : null));
    expect(missing.value).toBeNull();
    expect(missing.numerator).toBeNull();
    expect(missing.missing).toEqual(['INFANT_DEATHS']);
    const zero = compiled.get('IMR')!.evaluate((key) => (key === 'LIVE_BIRTHS' ? 0 : 3));
    expect(zero.value).toBeNull();
    expect(zero.issues.map((i) => i.kind)).toEqual(['division_by_zero']);
  });
});

describe('compileIndicators: diagnostics', () => {
  const { compiled, diagnostics } = compileIndicators(
    [...ELEMENTS, de('POP'), de('NO_WEIGHT', { aggregation: 'population_weighted_mean' })],
    [
      ind('GOOD', { unit: '‰', numerator: 'INFANT_DEATHS', denominator: 'LIVE_BIRTHS' }),
      ind('SYNTAX', { formula: 'INFANT_DEATHS / (LIVE_BIRTHS))', aggregation: 'not_aggregatable' }),
      ind('UNKNOWN', { numerator: 'infant_deaths', denominator: 'NOPE' }),
      ind('CYC_B', { formula: 'CYC_A + 1', aggregation: 'not_aggregatable' }),
      ind('CYC_A', { formula: 'CYC_B + 1', aggregation: 'not_aggregatable' }),
      ind('NEEDS_CYC', { formula: 'CYC_A * 2', aggregation: 'not_aggregatable' }),
      ind('HALF', { numerator: 'INFANT_DEATHS' }),
      ind('FACTOR', { unit: '‰', numerator: 'INFANT_DEATHS', denominator: 'LIVE_BIRTHS', factor: 100 }),
      ind('ROS', { formula: 'INFANT_DEATHS' }),
      ind('SUM', { aggregation: 'sum', numerator: 'INFANT_DEATHS', denominator: 'LIVE_BIRTHS' }),
      ind('PWM', { aggregation: 'population_weighted_mean', formula: 'BEDS / POP' }),
      ind('FILTER', { formula: '#{GOOD|sex=F}', aggregation: 'not_aggregatable' }),
      ind('GOOD', { formula: '1', aggregation: 'not_aggregatable' }),
      ind('BEDS', { formula: '1', aggregation: 'not_aggregatable' }),
      ind('ENUM', { formula: '1', aggregation: 'not_aggregatable', polarity: 'up' as never }),
      ind('TYPE', { formula: 'INFANT_DEATHS > 1', aggregation: 'not_aggregatable' }),
    ],
  );
  const at = (...path: string[]) => diagnostics.errors.filter((d) => d.path.join('/') === path.join('/'));

  it('compiles the clean indicators only', () => {
    expect([...compiled.keys()]).toEqual(['GOOD']);
  });

  it('reports syntax errors with the formula path and span', () => {
    const [error] = at('indicator SYNTAX', 'formula');
    // "INFANT_DEATHS / (LIVE_BIRTHS))": 13 + 3 + 1 + 11 + 1 = 29 characters before the extra ")".
    expect(error).toMatchObject({ code: 'VITALS_E_EXPRESSION_SYNTAX', span: [29, 30] });
    expect(error!.message).toContain('unexpected ")" at column 30');
  });

  it('reports every unknown reference, with a hint for a case slip', () => {
    const numerator = at('indicator UNKNOWN', 'numerator');
    expect(numerator[0]).toMatchObject({ code: 'VITALS_E_EXPRESSION_REFERENCE', span: [0, 13] });
    expect(numerator[0]!.message).toContain('did you mean "INFANT_DEATHS"');
    expect(at('indicator UNKNOWN', 'denominator')[0]!.message).toContain('"NOPE"');
  });

  it('reports a cycle once with its path and blocks dependents silently', () => {
    const cycles = diagnostics.errors.filter((d) => d.code === 'VITALS_E_EXPRESSION_CYCLE');
    expect(cycles.map((d) => [d.path, d.message])).toEqual([[['indicator CYC_A'], 'reference cycle: CYC_A → CYC_B → CYC_A']]);
    expect(at('indicator NEEDS_CYC')).toEqual([]);
  });

  it.each([
    ['HALF', 'has a numerator but no denominator'],
    ['FACTOR', 'unit "‰" implies factor 1000, but factor is 100'],
    ['ROS', 'aggregation ratio_of_sums needs a numerator and a denominator'],
    ['SUM', 'a ratio cannot be summed'],
    ['PWM', 'population_weighted_mean needs a weightElement'],
    ['GOOD', 'duplicate indicator code "GOOD"'],
    ['BEDS', '"BEDS" is already a data element code'],
    ['ENUM', 'polarity "up" is not one of'],
  ])('%s: %s', (code, message) => {
    expect(at(`indicator ${code}`).map((d) => d.message).join('\n')).toContain(message);
  });

  it('rejects filters on indicator references and non-number formulas', () => {
    expect(at('indicator FILTER', 'formula')[0]!.message).toContain('disaggregation filters apply to data elements only');
    expect(at('indicator TYPE', 'formula')[0]!.code).toBe('VITALS_E_EXPRESSION_TYPE');
  });

  it('checks data elements too', () => {
    expect(at('data element POP')[0]!.message).toContain('duplicate data element code');
    expect(at('data element NO_WEIGHT')[0]!.message).toContain('needs a weightElement');
  });

  it('raises all problems at once', () => {
    expect(() => diagnostics.throwIfAny()).toThrow(/indicator SYNTAX → formula: .*indicator HALF: has a numerator/);
  });
});

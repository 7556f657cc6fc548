import { describe, expect, it } from 'vitest';
import { Diagnostics } from '../core/diagnostics.js';
import { compileIndicators } from '../core/indicator/index.js';
import { loadIndicatorCatalogue, parseCatalogue } from './catalogue.js';

describe('loadIndicatorCatalogue', () => {
  const catalogue = loadIndicatorCatalogue();
  const indicator = (code: string) => catalogue.indicators.find((i) => i.code === code);
  const element = (code: string) => catalogue.dataElements.find((e) => e.code === code);

  it('defines the rates as ratios of the counts, with the factor of their unit', () => {
    expect(indicator('IMR')).toMatchObject({ unit: '‰', polarity: 'lower_is_better', aggregation: 'ratio_of_sums', numerator: 'INFANT_DEATHS', denominator: 'LIVE_BIRTHS', factor: 1000 });
    expect(indicator('MMR')).toMatchObject({ unit: '1/10万', numerator: 'MATERNAL_DEATHS', denominator: 'LIVE_BIRTHS', factor: 100000 });
    expect(indicator('BEDS_PER_1000')).toMatchObject({ aggregation: 'ratio_of_sums', numerator: 'BEDS', denominator: 'POP', factor: 1000 });
  });

  it('picks the aggregation rule by what the figure is', () => {
    expect(element('LIVE_BIRTHS')?.aggregation).toBe('sum');
    expect(element('BEDS')?.aggregation).toBe('last_value'); // a stock at year end
    expect(indicator('LE')).toMatchObject({ aggregation: 'population_weighted_mean', weightElement: 'POP', formula: 'LE_VALUE' });
    expect(element('LE_VALUE')).toMatchObject({ aggregation: 'population_weighted_mean', weightElement: 'POP' });
    for (const survey of ['HEALTH_LITERACY', 'STUNTING_U5', 'PREMATURE_NCD_MORTALITY', 'CANCER_5Y_SURVIVAL']) {
      expect(indicator(survey)?.aggregation, survey).toBe('not_aggregatable');
    }
    expect(indicator('HEALTHY_COUNTIES')).toMatchObject({ aggregation: 'sum', formula: 'HEALTHY_COUNTY' });
  });

  it('stores direct and reported values in <CODE>_VALUE elements that never reuse an indicator code', () => {
    expect(catalogue.valueElements.get('HEALTH_LITERACY')).toBe('HEALTH_LITERACY_VALUE');
    expect(catalogue.valueElements.get('IMR')).toBe('IMR_VALUE');
    expect(element('IMR_VALUE')?.aggregation).toBe('not_aggregatable'); // a published rate cannot be summed
    expect(catalogue.valueElements.has('HEALTHY_COUNTIES')).toBe(false); // it has a formula
    const indicatorCodes = new Set(catalogue.indicators.map((i) => i.code));
    expect(catalogue.dataElements.filter((e) => indicatorCodes.has(e.code))).toEqual([]);
  });

  it('keeps English names whole where they contain a comma (quoted in the YAML flow maps)', () => {
    // Unquoted, `en: Beds per 1,000 population` inside `{ … }` parses as "Beds per 1".
    expect(indicator('BEDS_PER_1000')?.name.en).toBe('Beds per 1,000 population');
    expect(indicator('GP_PER_10000')?.name.en).toBe('General practitioners per 10,000 population');
    expect(indicator('SMOKING_15PLUS')?.name.en).toBe('Smoking prevalence, age 15+');
    expect(indicator('HAZARD_POST_COMPLIANCE_RATE')?.name.en).toBe('Workplaces compliant for dust, noise, chemicals and radiation');
    expect(indicator('PREMATURE_NCD_MORTALITY')?.definition?.en).toBe('Probability of dying between 30 and 70 from cardiovascular disease, cancer, chronic respiratory disease or diabetes (life-table method).');
    // No English text anywhere ends where a comma-split would have cut it.
    const texts = [...catalogue.indicators, ...catalogue.dataElements].flatMap((x) => [x.name, x.definition]).filter((t) => t?.en !== undefined);
    expect(texts.filter((t) => Object.keys(t!).some((k) => k !== 'zh' && k !== 'en'))).toEqual([]);
  });

  it('gives percentages natural bounds and names every entry in Chinese', () => {
    expect(indicator('HEALTH_LITERACY')?.bounds).toEqual({ min: 0, max: 100 });
    expect(indicator('LE')?.bounds).toBeUndefined();
    expect([...catalogue.indicators, ...catalogue.dataElements].filter((x) => !x.name.zh)).toEqual([]);
  });

  it('compiles, and IMR evaluates as deaths per 1,000 live births', () => {
    const { compiled, diagnostics } = compileIndicators(catalogue.dataElements, catalogue.indicators);
    expect(diagnostics.errors).toEqual([]);
    // 27 infant deaths / 5,000 live births × 1,000 = 5.4‰
    const values: Record<string, number> = { INFANT_DEATHS: 27, LIVE_BIRTHS: 5000 };
    expect(compiled.get('IMR')!.evaluate((code) => values[code] ?? null).value).toBeCloseTo(5.4, 10);
  });

  it('records the lead unit where the Healthy Hebei text names one', () => {
    expect(indicator('SPORTS_AREA_PER_CAPITA')?.responsibleDepartment).toBe('省体育局');
    expect(indicator('HAZARD_POST_COMPLIANCE_RATE')?.responsibleDepartment).toBe('省生态环境厅');
  });
});

describe('parseCatalogue', () => {
  const problems = (data: unknown) => {
    const d = new Diagnostics();
    parseCatalogue(data, d);
    return d.errors.map((e) => `${e.path.join(' → ')}: ${e.message}`);
  };
  const births = { code: 'LIVE_BIRTHS', name: { zh: '活产数' }, unit: '人', aggregation: 'sum' };

  it.each([
    [
      'an unknown field',
      { dataElements: [{ ...births, unti: '人' }] },
      'indicators.yaml → dataElements[0] LIVE_BIRTHS: unknown field "unti" (expected one of code, name, unit, aggregation, periodType, weightElement, definition, source, responsibleDepartment)',
    ],
    [
      'a wrong aggregation rule',
      { dataElements: [{ ...births, aggregation: 'average' }] },
      'indicators.yaml → dataElements[0] LIVE_BIRTHS: aggregation "average" is not one of sum, ratio_of_sums, population_weighted_mean, last_value, not_aggregatable',
    ],
    [
      'a missing polarity',
      { dataElements: [births], indicators: [{ code: 'X', name: { zh: 'x' }, unit: '人', aggregation: 'sum', formula: 'LIVE_BIRTHS' }] },
      'indicators.yaml → indicators[0] X: polarity is required',
    ],
  ])('reports %s with file, entry and field', (_, data, message) => {
    expect(problems(data)).toEqual([message]);
  });

  it('lets the compiler report a formula that names an unknown data element', () => {
    const found = problems({ dataElements: [births], indicators: [{ code: 'IMR', name: { zh: '婴儿死亡率' }, unit: '‰', polarity: 'lower_is_better', aggregation: 'ratio_of_sums', numerator: 'INFANT_DEATH', denominator: 'LIVE_BIRTHS' }] });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^indicators\.yaml → indicator IMR.*INFANT_DEATH/);
  });
});

import { describe, expect, it } from 'vitest';
import { VitalsError } from '../errors.js';
import {
  assertSubmittable,
  detectOutliers,
  median,
  medianAbsoluteDeviation,
  modifiedZ,
  parseValidationRules,
  runValidationRules,
  submissionBlockers,
  type OutlierInput,
} from './index.js';

const years = (values: Array<number | null>, from = 2020) => values.map((value, i) => ({ period: String(from + i), value }));
const base = { element: 'LIVE_BIRTHS', region: '130102', period: '2025' };

describe('robust statistics', () => {
  it.each([
    // sample, median, MAD
    [[10, 12, 14, 16, 18], 14, 2], // |dev| = 4,2,0,2,4 → sorted 0,2,2,4,4 → median 2
    [[1, 2, 3, 4], 2.5, 1], // |dev| = 1.5,0.5,0.5,1.5 → median (0.5+1.5)/2 = 1
    [[5, 5, 5, 9], 5, 0], // |dev| = 0,0,0,4 → median 0
    [[7], 7, 0],
  ])('median and MAD of %j', (sample, m, mad) => {
    expect(median(sample)).toBe(m);
    expect(medianAbsoluteDeviation(sample)).toBe(mad);
  });

  it('modified z: 0.6745 × (30 − 14) / 2 = 5.396', () => {
    expect(modifiedZ(30, [10, 12, 14, 16, 18])).toEqual({ score: expect.closeTo(5.396, 10), median: 14, spread: 2, scale: 'mad' });
  });

  it('falls back to the mean absolute deviation when the MAD is 0', () => {
    // [10,10,10,10,14]: median 10, |dev| 0,0,0,0,4 → MAD 0; MeanAD = 4/5 = 0.8;
    // score = (20 − 10) / (1.253314 × 0.8) = 10 / 1.0026512 = 9.97356…
    const z = modifiedZ(20, [10, 10, 10, 10, 14])!;
    expect(z.scale).toBe('mean_ad');
    expect(z.spread).toBeCloseTo(0.8, 12);
    expect(z.score).toBeCloseTo(9.97356, 4);
  });

  it('has no score for a sample without spread', () => {
    expect(modifiedZ(11, [10, 10, 10, 10])).toBeNull();
  });
});

describe('detectOutliers', () => {
  it('flags a value far from the region’s history, naming method, threshold and values', () => {
    const { flags } = detectOutliers({ ...base, value: 30, history: years([10, 12, 14, 16, 18]) });
    const flag = flags.find((f) => f.method === 'history_modified_z')!;
    expect(flag).toMatchObject({ threshold: 3.5, value: 30, direction: 'high', methodVersion: '1.0.0' });
    expect(flag.score).toBeCloseTo(5.396, 10);
    expect(flag.reference).toEqual({ kind: 'sample', median: 14, spread: 2, scale: 'mad', n: 5, values: [18, 16, 14, 12, 10], labels: ['2024', '2023', '2022', '2021', '2020'] });
    expect(flag.message.zh).toContain('修正Z分数 5.40');
  });

  it('does not flag a value within 3.5: 0.6745 × (20 − 14) / 2 = 2.02', () => {
    const { flags } = detectOutliers({ ...base, value: 20, history: years([10, 12, 14, 16, 18]) });
    expect(flags.filter((f) => f.method === 'history_modified_z')).toEqual([]);
  });

  it('honours a configured threshold: 2.02 > 2', () => {
    const { flags } = detectOutliers({ ...base, value: 20, history: years([10, 12, 14, 16, 18]) }, { historyThreshold: 2 });
    expect(flags.map((f) => f.method)).toContain('history_modified_z');
  });

  it.each([
    // previous (2024) value, current value, flagged?, change %
    [100, 160, true, 60], // (160 − 100) / 100 = +60 % > 50 %
    [100, 140, false, 40],
    [100, 40, true, -60],
    // A negative base uses its magnitude: (−100 + 50) / 50 = −100 %; exactly at the 100 % limit is not beyond it.
    [-50, -100, false, -100],
  ])('change from %d to %d', (previous, value, flagged, change) => {
    const { flags } = detectOutliers({ ...base, value, history: [{ period: '2024', value: previous }] }, { maxChangePercent: previous < 0 ? 100 : 50 });
    const flag = flags.find((f) => f.method === 'period_change');
    expect(Boolean(flag)).toBe(flagged);
    if (flag) {
      expect(flag.score).toBeCloseTo(change, 10);
      expect(flag.reference).toEqual({ kind: 'previous', previousPeriod: '2024', previousValue: previous });
    }
  });

  it('flags against peers at the same level, leaving the region itself out', () => {
    // Peers 20,22,24,26,28: median 24, MAD 2; 0.6745 × (60 − 24) / 2 = 12.141
    const peers = [{ region: '130102', value: 60 }, ...[20, 22, 24, 26, 28].map((value, i) => ({ region: `13010${i + 4}`, value }))];
    const { flags } = detectOutliers({ ...base, value: 60, peers });
    const flag = flags.find((f) => f.method === 'peer_modified_z')!;
    expect(flag.score).toBeCloseTo(12.141, 10);
    expect(flag.reference).toMatchObject({ n: 5, median: 24 });
  });

  it('says why a check could not run', () => {
    const { flags, notChecked } = detectOutliers({ ...base, value: 5, history: years([0, 3, 3]), peers: [{ region: 'x', value: 1 }] });
    expect(flags).toEqual([]);
    expect(notChecked).toEqual([
      { method: 'history_modified_z', reason: '3 earlier value(s), at least 4 needed' },
      { method: 'period_change', reason: 'no value for the previous period 2024' },
      { method: 'peer_modified_z', reason: '1 peer value(s), at least 4 needed' },
    ]);
    const zero = detectOutliers({ ...base, value: 5, history: years([10, 10, 10, 10, 0]) });
    expect(zero.notChecked).toEqual([{ method: 'period_change', reason: 'the previous value (2024) is 0: a percentage change is undefined' }, expect.objectContaining({ method: 'peer_modified_z' })]);
  });

  it('uses only earlier periods, the most recent `historyLength` of them, missing values skipped', () => {
    const history = [...years([1000, 1000, 1000], 2010), ...years([10, 12, null, 14, 16, 18], 2019), { period: '2025', value: 999 }, { period: '2026', value: 999 }];
    const { flags } = detectOutliers({ ...base, value: 30, history }, { historyLength: 5 });
    // Most recent five non-missing earlier values: 2024 18, 2023 16, 2022 14, 2020 12, 2019 10.
    expect(flags.find((f) => f.method === 'history_modified_z')!.reference).toMatchObject({ labels: ['2024', '2023', '2022', '2020', '2019'], median: 14 });
  });

  it.each<[string, Partial<OutlierInput>, string]>([
    ['a history period of another type', { history: [{ period: '2024Q4', value: 1 }] }, 'history[0] period 2024Q4 is not a year'],
    ['a repeated history period', { history: [{ period: '2024', value: 1 }, { period: '2024', value: 2 }] }, 'history[1] repeats period 2024'],
  ])('rejects %s', (_label, change, message) => {
    expect(() => detectOutliers({ ...base, value: 1, ...change })).toThrow(expect.objectContaining({ code: 'VITALS_E_INVALID_INPUT', message: expect.stringContaining(message) }));
  });
});

describe('submissionBlockers', () => {
  const rules = parseValidationRules([
    { code: 'IMR', expression: 'INFANT_DEATHS <= LIVE_BIRTHS', importance: 'error', instruction: { zh: '婴儿死亡数不应超过活产数' } },
    { code: 'BEDS', expression: 'BEDS <= BEDS_LAST * 1.2', importance: 'warning', instruction: { zh: '床位增长超过20%请说明' } },
  ]);
  const violations = runValidationRules(rules, { INFANT_DEATHS: 12, LIVE_BIRTHS: 10, BEDS: 130, BEDS_LAST: 100 }).violations;
  const outliers = detectOutliers({ ...base, value: 30, history: years([10, 12, 14, 16, 18]) }).flags;

  it('lists an error rule (always), an unexplained warning and an unexplained outlier, errors first', () => {
    const blockers = submissionBlockers(violations, outliers, {});
    expect(blockers.map((b) => [b.kind, b.key])).toEqual([
      ['error_rule', 'rule:IMR'],
      ['unexplained_warning', 'rule:BEDS'],
      ['unexplained_outlier', 'value:LIVE_BIRTHS|130102|2025'],
    ]);
    expect(blockers[0]!.message.zh).toContain('INFANT_DEATHS <= LIVE_BIRTHS (12 vs 10)');
  });

  it('explanations clear warnings and outliers but never an error rule; blank text does not count', () => {
    const explanations = new Map([
      ['rule:IMR', '已核实'],
      ['rule:BEDS', '新院区投入使用'],
      ['value:LIVE_BIRTHS|130102|2025', '   '],
    ]);
    expect(submissionBlockers(violations, outliers, explanations).map((b) => b.key)).toEqual(['rule:IMR', 'value:LIVE_BIRTHS|130102|2025']);
  });

  it('assertSubmittable throws VITALS_E_SUBMISSION_BLOCKED with the count', () => {
    expect(() => assertSubmittable([])).not.toThrow();
    try {
      assertSubmittable(submissionBlockers(violations, outliers));
      expect.unreachable();
    } catch (e) {
      expect((e as VitalsError).code).toBe('VITALS_E_SUBMISSION_BLOCKED');
      expect((e as VitalsError).message).toBe('cannot submit: 3 problem(s) must be fixed or explained first');
      expect((e as VitalsError).status).toBe(422);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { VitalsError } from '../errors.js';
import { miniScheme, variant } from './__fixtures__/schemes.js';
import { parseScheme } from './scheme.js';
import { gradeFor, scoreRegion, scoreRegions } from './score.js';
import type { RegionScore } from './types.js';

const scheme = parseScheme(miniScheme);
const itemOf = (score: RegionScore, code: string) => score.items.find((i) => i.item === code)!;

describe('scoreRegion — the mini scheme (20 points, bonus cap 3)', () => {
  // Region A:
  //   IMR 4.1‰, floor 5, target 3.8: 10 × (4.1−5)/(3.8−5) = 10 × 0.75 = 7.5
  //   LE 78.3 ≥ 78: 4
  //   LEDGER 推进中 → 50%: 6 × (50−0)/(100−0) = 3
  //   IMR_WORSE 4.1 vs 4.0 last year: worse by 0.1 → −2 (fixed)
  //   AWARD flag: 2, EXTRA value 2.5: bonus 4.5 > cap 3 → ×(3/4.5 = 2/3): 1.333333 and 1.666667
  //   SAFETY 0: no veto
  //   base 7.5 + 4 + 3 = 14.5; bonus 3; deductions −2 → total 15.5 → good (15 ≤ 15.5 < 18)
  const a = scoreRegion(scheme, {
    region: '130100',
    items: {
      IMR: { value: 4.1 },
      LE: { value: 78.3 },
      LEDGER: { status: '推进中' },
      IMR_WORSE: { value: 4.1, previous: 4.0 },
      AWARD: { attained: true },
      EXTRA: { value: 2.5 },
      SAFETY: { value: 0 },
    },
  });

  it('decomposes the total into items', () => {
    expect(itemOf(a, 'IMR').earned).toBe(7.5);
    expect(itemOf(a, 'LE').earned).toBe(4);
    expect(itemOf(a, 'LEDGER').earned).toBe(3);
    expect(itemOf(a, 'IMR_WORSE').earned).toBe(-2);
    expect(itemOf(a, 'AWARD').earned).toBeCloseTo(4 / 3, 6);
    expect(itemOf(a, 'EXTRA').earned).toBeCloseTo(5 / 3, 6);
    expect(a.base).toBe(14.5);
    expect(a.bonus).toBeCloseTo(3, 6);
    expect(a.bonusBeforeCap).toBe(4.5);
    expect(a.deductions).toBe(-2);
    expect(a.total).toBeCloseTo(15.5, 6);
    expect(a.maxTotal).toBe(20);
    expect(a.grade).toBe('good');
    expect(a.gradeLabel.zh).toBe('良好');
    expect(a.vetoed).toBe(false);
    expect(a.flags).toEqual({ bonusCapped: true, flooredAtZero: false, zeroedByVeto: false });
  });

  it('sums dimensions: D1 = 7.5 + 4 = 11.5 of 14, D2 = 3 + 3 − 2 = 4 of 6', () => {
    expect(a.dimensions.map((d) => [d.code, d.max])).toEqual([
      ['D1', 14],
      ['D2', 6],
    ]);
    expect(a.dimensions[0]!.earned).toBe(11.5);
    expect(a.dimensions[1]!.earned).toBeCloseTo(4, 6);
  });

  it('keeps item max = points for base items and 0 for the others', () => {
    expect(a.items.map((i) => [i.item, i.category, i.max])).toEqual([
      ['IMR', 'base', 10],
      ['LE', 'base', 4],
      ['LEDGER', 'base', 6],
      ['IMR_WORSE', 'deduction', 0],
      ['AWARD', 'bonus', 0],
      ['EXTRA', 'bonus', 0],
      ['SAFETY', 'veto', 0],
    ]);
  });

  it('explains the bonus cap on the items and in the notes', () => {
    expect(itemOf(a, 'EXTRA').earnedBeforeCap).toBe(2.5);
    expect(itemOf(a, 'EXTRA').why.zh).toBe('创新加分：核定加分 2.5，按加分规则加 2.5 分（单项上限 3 分）；加分合计 4.5 分超过上限 3 分，按比例折算为 1.67 分');
    expect(a.notes[0]!.en).toBe('bonus total 4.5 exceeds the cap 3: every bonus item scaled by 0.6667');
  });

  it('shows the task status in the explanation and the used values', () => {
    expect(itemOf(a, 'LEDGER').why.zh).toBe('建立工作台账 推进中（50%），目标 ≥100%（起评 0%），按线性规则得 3.0/6 分');
    expect(itemOf(a, 'LEDGER').used).toMatchObject({ status: '推进中', value: 50 });
  });

  it('records provenance with the inputs in a canonical order', () => {
    expect(a.provenance.method).toBe('scoring.scheme');
    expect(a.provenance.params).toMatchObject({ scheme: 'mini', schemeVersion: '1', bonusCap: 3, vetoPolicy: { zeroTotal: false } });
    expect(a.provenance.params.ruleVersions.linear).toBe('1');
    expect(a.provenance.inputs.map(([code]) => code)).toEqual(['AWARD', 'EXTRA', 'IMR', 'IMR_WORSE', 'LE', 'LEDGER', 'SAFETY']);
    expect(a.provenance.inputs[3]).toEqual(['IMR_WORSE', { value: 4.1, previous: 4.0 }]);
  });
});

describe('vetoes', () => {
  // Region B: IMR 3.7 → 10; LE 77.5 → 0; LEDGER 已完成 → 6; no bonus; IMR improved → no deduction
  //   base 16 → would be good (15 ≤ 16 < 18); SAFETY 1 → veto → fail
  const inputB = {
    region: '130200',
    items: { IMR: { value: 3.7 }, LE: { value: 77.5 }, LEDGER: { status: '已完成' }, IMR_WORSE: { value: 3.7, previous: 3.9 }, SAFETY: { value: 1 } },
  };

  it('forces the lowest grade and keeps the total when zeroTotal is false', () => {
    const b = scoreRegion(scheme, inputB);
    expect(b.total).toBe(16);
    expect(b.grade).toBe('fail');
    expect(b.vetoed).toBe(true);
    expect(b.vetoItems).toEqual(['SAFETY']);
    expect(b.notes.map((n) => n.zh)).toEqual(['触发一票否决（重大安全事件），等次定为不合格']);
  });

  it('zeroes the total when the policy says so', () => {
    const zeroing = parseScheme(variant((s) => (s.vetoPolicy.zeroTotal = true)));
    const b = scoreRegion(zeroing, inputB);
    expect(b.total).toBe(0);
    expect(b.base).toBe(16); // the items still show what was earned
    expect(b.flags.zeroedByVeto).toBe(true);
    expect(b.notes[0]!.en).toBe('veto triggered (Major safety incident): grade set to Fail, total set to 0');
  });
});

describe('missing data, floors and grades', () => {
  it('scores missing items 0 with a warning, but not unclaimed bonuses', () => {
    // IMR 3.8 → 10; everything else missing → total 10 → fail (< 12)
    const c = scoreRegion(scheme, { region: '130300', items: { IMR: { value: 3.8 } } });
    expect(c.total).toBe(10);
    expect(c.grade).toBe('fail');
    expect(itemOf(c, 'LE').missing).toBe(true);
    expect(itemOf(c, 'LE').why.zh).toBe('人均预期寿命 缺少数据，得 0.0/4 分');
    const warned = c.warnings.map((w) => w.path.join('/'));
    expect(warned).toEqual(['region 130300/item LE', 'region 130300/item LEDGER', 'region 130300/item IMR_WORSE', 'region 130300/item SAFETY']);
    expect(c.warnings.every((w) => w.code === 'VITALS_W_MISSING_DATA')).toBe(true);
  });

  it('floors a negative total at 0 and says so', () => {
    // IMR 5.5 → 0 points, 5.5 vs 5.0 last year → −2; base 0 − 2 = −2 → 0
    const d = scoreRegion(scheme, { region: '130400', items: { IMR: { value: 5.5 }, IMR_WORSE: { value: 5.5, previous: 5.0 } } });
    expect(d.total).toBe(0);
    expect(d.flags.flooredAtZero).toBe(true);
    expect(d.notes[0]!.zh).toBe('扣分后合计 -2.0 分，按 0 分计');
  });

  it.each([
    [18, 'excellent'],
    [17.999, 'excellent'], // rounds to 18.00
    [17.99, 'good'],
    [15, 'good'],
    [12, 'pass'],
    [11.99, 'fail'],
    [0, 'fail'],
  ])('total %f is graded %s', (total, grade) => {
    expect(gradeFor(scheme, total).grade).toBe(grade);
  });
});

describe('bad input', () => {
  it('reports every bad input of every region with VITALS_E_INVALID_INPUT', () => {
    let thrown: unknown;
    try {
      scoreRegions(scheme, [
        { region: '130100', items: { NOPE: { value: 1 }, LEDGER: { status: '完成了' } } },
        { region: '130100', items: { IMR: { value: Number.NaN } } },
      ]);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(VitalsError);
    expect((thrown as VitalsError).code).toBe('VITALS_E_INVALID_INPUT');
    const lines = ((thrown as VitalsError).details as { path: string[]; message: string }[]).map((d) => `${d.path.join(' → ')}: ${d.message}`);
    expect(lines).toEqual([
      'region 130100 → item NOPE: unknown item (not in scheme mini)',
      'region 130100 → item LEDGER: unknown status "完成了" (allowed: 已完成, 推进中, 未启动)',
      'region 130100: region appears twice',
      'region 130100 → item IMR: "value" must be a finite number, got NaN',
    ]);
  });

  it('rejects a region target on the wrong side of the floor', () => {
    // lower is better with floor 5: a target of 6 would reward getting worse
    expect(() => scoreRegion(scheme, { region: 'x', items: { IMR: { value: 4, target: 6 } } })).toThrow(/floor 5 must be above target 6/);
  });

  it('rejects a full_if_met value without any target', () => {
    const noTarget = parseScheme(variant((s) => (s.dimensions[0].items[1].params = {})));
    expect(() => scoreRegion(noTarget, { region: 'x', items: { LE: { value: 78 } } })).toThrow(/no target/);
    // a region target makes it scoreable: 78 ≥ 77.5 → 4
    expect(itemOf(scoreRegion(noTarget, { region: 'x', items: { LE: { value: 78, target: 77.5 } } }), 'LE').earned).toBe(4);
  });
});

/**
 * Small schemes for the scoring tests. Numbers are chosen so every expectation can be
 * computed by hand (see the comments in the tests).
 */
export const miniScheme = {
  code: 'mini',
  name: { zh: '测试方案', en: 'Test scheme' },
  version: '1',
  totalPoints: 20,
  bonusCap: 3,
  vetoPolicy: { zeroTotal: false },
  gradeBands: [
    { grade: 'excellent', label: { zh: '优秀', en: 'Excellent' }, minScore: 18 },
    { grade: 'good', label: { zh: '良好', en: 'Good' }, minScore: 15 },
    { grade: 'pass', label: { zh: '合格', en: 'Pass' }, minScore: 12 },
    { grade: 'fail', label: { zh: '不合格', en: 'Fail' }, minScore: 0 },
  ],
  dimensions: [
    {
      code: 'D1',
      name: { zh: '健康水平', en: 'Health status' },
      points: 14,
      items: [
        {
          code: 'IMR',
          indicator: 'IMR',
          name: { zh: '婴儿死亡率', en: 'Infant mortality rate' },
          unit: '‰',
          polarity: 'lower_is_better',
          points: 10,
          rule: 'linear',
          params: { floor: 5, target: 3.8 },
        },
        {
          code: 'LE',
          indicator: 'LE',
          name: { zh: '人均预期寿命', en: 'Life expectancy' },
          unit: { zh: '岁', en: 'years' },
          polarity: 'higher_is_better',
          points: 4,
          rule: 'full_if_met',
          params: { target: 78 },
        },
      ],
    },
    {
      code: 'D2',
      name: { zh: '工作任务', en: 'Work tasks' },
      points: 6,
      items: [
        {
          code: 'LEDGER',
          kind: 'task',
          name: { zh: '建立工作台账', en: 'Task ledger' },
          unit: '%',
          points: 6,
          rule: 'linear',
          params: { floor: 0, target: 100 },
          statuses: { 已完成: 100, 推进中: 50, 未启动: 0 },
        },
        {
          code: 'IMR_WORSE',
          indicator: 'IMR',
          name: { zh: '婴儿死亡率上升', en: 'Infant mortality rising' },
          unit: '‰',
          polarity: 'lower_is_better',
          points: 2,
          rule: 'deterioration',
          params: { mode: 'fixed' },
        },
        { code: 'AWARD', kind: 'task', name: { zh: '国家级表彰', en: 'National award' }, points: 2, rule: 'bonus', params: { mode: 'flag' } },
        { code: 'EXTRA', kind: 'task', name: { zh: '创新加分', en: 'Innovation bonus' }, points: 3, rule: 'bonus', params: { mode: 'value' } },
        { code: 'SAFETY', kind: 'task', name: { zh: '重大安全事件', en: 'Major safety incident' }, rule: 'veto' },
      ],
    },
  ],
};

/** Deep copy with changes, for validation tests. */
export function variant(change: (s: any) => void): any {
  const copy = structuredClone(miniScheme);
  change(copy);
  return copy;
}

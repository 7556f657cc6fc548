/**
 * Fixtures of the end-to-end story: a monthly county form over two shipped monthly data
 * elements (the synthetic Hebei data holds their history up to 2025M12, so the outlier
 * checks have something to compare with), the people, and the month reported.
 *
 * The two elements are the numerator and denominator of IMR_MONTHLY (婴儿死亡率（月报）, the
 * monthly report of the Healthy Hebei indicator IMR). The story adds it to the Healthy Hebei
 * framework, so that the figures the reporter enters appear — once final — on the overview,
 * the map and the ranking of the cities.
 */
export const FORM = 'E2E_MCH_MONTHLY';
export const COUNTY = '130102'; // 长安区, Shijiazhuang
export const CITY = '130100'; // 石家庄市
export const PROVINCE = '130000';
/** The first month after the synthetic history; its window stays open for a century (closesAfterDays) so the test does not age. */
export const PERIOD = '2026M01';
export const PREVIOUS = '2025M12';

export const FORM_DEFINITION = {
  definition: {
    code: FORM,
    name: { zh: '妇幼卫生月报（演示）', en: 'Maternal and child health, monthly (demo)' },
    periodType: 'month',
    reportingLevels: ['county'],
    elements: [{ element: 'LIVE_BIRTHS_MONTHLY' }, { element: 'INFANT_DEATHS_MONTHLY' }],
    schedule: { opensAfterDays: 0, dueAfterDays: 10, closesAfterDays: 36_500, timelyDays: 0 },
    workflow: { approvalLevels: ['prefecture', 'province'] },
  },
  ownerRegion: PROVINCE,
  validationRules: [
    {
      code: 'DEATHS_LE_BIRTHS',
      expression: 'INFANT_DEATHS_MONTHLY <= LIVE_BIRTHS_MONTHLY',
      importance: 'error',
      instruction: { zh: '婴儿死亡数不应超过活产数', en: 'infant deaths cannot exceed live births' },
    },
  ],
  outlierOptions: { maxChangePercent: 50 },
};

export const PEOPLE = {
  planner: { username: 'hebei.planner', displayName: '省规划员', password: 'Plan-2026-hebei!', roles: ['planner'], captureScope: [PROVINCE], viewScope: [PROVINCE] },
  reporter: { username: 'changan.reporter', displayName: '长安区填报员', password: 'Report-2026-changan!' },
  cityReviewer: { username: 'sjz.reviewer', displayName: '石家庄市审核员', password: 'Review-2026-sjz!' },
  provinceReviewer: { username: 'hebei.reviewer', displayName: '省审核员', password: 'Review-2026-hebei!', roles: ['reviewer'], captureScope: [PROVINCE], viewScope: [PROVINCE] },
} as const;

/** The plan's framework and the monthly indicator the form feeds. */
export const FRAMEWORK = 'healthy-hebei-2023-2027';
export const INDICATOR = 'IMR_MONTHLY';
/** Attach IMR_MONTHLY to the framework (PUT /frameworks/:code/indicators), in IMR's group. */
export const FRAMEWORK_INDICATOR = { indicator: INDICATOR, group: 'GOALS', nature: 'expected', kind: 'outcome', label: '婴儿死亡率（月报）' } as const;

/**
 * What the reporter enters for 长安区, 2026M01. Births 500 sit near the district's last twelve
 * months (median 490.5 of 465…552, synthetic seed 2023), so only the slip is flagged.
 */
export const FIGURES = { births: 500, deaths: 2, slip: 5000 } as const;
/**
 * IMR_MONTHLY = INFANT_DEATHS_MONTHLY / LIVE_BIRTHS_MONTHLY × 1000 = 2 / 500 × 1000 = 4 ‰.
 * 长安区 is the only district of 石家庄 (and of Hebei) with final data for 2026M01, so the city's
 * figure is the same 4 ‰ (sums of 2 deaths and 500 births), marked incomplete (1 of 22 districts).
 */
export const EXPECTED_IMR = 4;

export const RETURN_REASON = '活产数比上月增加十倍，请核实后重报';
export const EXPLANATION = '本月新院区开业，分娩量集中转入';

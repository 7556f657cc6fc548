import { describe, expect, it } from 'vitest';
import { FIXTURE_REGIONS } from '../region/region.fixtures.js';
import {
  addDays,
  cellKey,
  completeness,
  expectedCells,
  isOpen,
  localDate,
  parseDataSet,
  reportingRegions,
  timeliness,
  windowFor,
  type DataSet,
  type EnteredCell,
} from './index.js';
import { vitalsErrorOf as errorOf } from '../../../test/support/errors.js';

const RAW = {
  code: 'HC-Q',
  name: { zh: '健康中国行动季报', en: 'Healthy China Action quarterly' },
  periodType: 'quarter',
  reportingLevels: ['county'],
  sections: [
    { code: 'births', name: { zh: '出生' } },
    { code: 'deaths', name: { zh: '死亡' } },
  ],
  elements: [
    { element: 'INFANT_DEATHS', section: 'deaths' },
    { element: 'LIVE_BIRTHS', section: 'births' },
  ],
  // Opens on the quarter's last day, due 15 days later, closes after 20; 3 days of grace.
  schedule: { opensAfterDays: 0, dueAfterDays: 15, closesAfterDays: 20, timelyDays: 3 },
  workflow: { approvalLevels: ['prefecture', 'province'] },
};
const QUARTERLY: DataSet = parseDataSet(RAW);

describe('parseDataSet', () => {
  it('orders elements by section as declared', () => {
    expect(QUARTERLY.elements.map((e) => e.element)).toEqual(['LIVE_BIRTHS', 'INFANT_DEATHS']);
  });

  it('reports every problem at once, naming the field', () => {
    const error = errorOf(() =>
      parseDataSet(
        {
          ...RAW,
          code: 'bad code',
          periodType: 'week',
          reportingLevels: ['county', 'street'],
          elements: [{ element: 'LIVE_BIRTHS' }, { element: 'LIVE_BIRTHS' }, { element: 'X', section: 'nope' }, { element: 'POP' }],
          schedule: { opensAfterDays: 5, dueAfterDays: 1, closesAfterDays: 20, timelyDays: -1 },
        },
        new Set(['LIVE_BIRTHS', 'X']),
      ),
    );
    expect(error.code).toBe('VITALS_E_INVALID_CONFIG');
    for (const part of [
      'code "bad code"',
      'periodType "week"',
      'reportingLevels[1] "street"',
      'elements[1].element LIVE_BIRTHS is repeated',
      'elements[2].section "nope"',
      'elements[3].element POP is not a known data element',
      'schedule.timelyDays must be an integer ≥ 0',
      'opensAfterDays ≤ dueAfterDays ≤ closesAfterDays (got 5, 1, 20)',
    ]) {
      expect(error.message).toContain(part);
    }
  });

  it('rejects a reporting level nobody above can approve', () => {
    const error = errorOf(() => parseDataSet({ ...RAW, reportingLevels: ['county', 'province'] }));
    expect(error.message).toContain('no approval level above reporting level province');
  });
});

describe('windowFor / isOpen', () => {
  it.each([
    // period, schedule, opensAt, dueAt, closesAt, timelyUntil — offsets from the period's last day
    ['2025Q3', { opensAfterDays: 0, dueAfterDays: 15, closesAfterDays: 20, timelyDays: 3 }, '2025-09-30', '2025-10-15', '2025-10-20', '2025-10-18'],
    // 2024 is a leap year: Feb ends on the 29th; +1 day = 1 March.
    ['2024M02', { opensAfterDays: 1, dueAfterDays: 10, closesAfterDays: 31, timelyDays: 0 }, '2024-03-01', '2024-03-10', '2024-03-31', '2024-03-10'],
    // An annual form opening 10 days before 31 December and closing at the end of February.
    ['2025', { opensAfterDays: -10, dueAfterDays: 31, closesAfterDays: 59, timelyDays: 5 }, '2025-12-21', '2026-01-31', '2026-02-28', '2026-02-05'],
    ['2025H1', { opensAfterDays: 0, dueAfterDays: 30, closesAfterDays: 45, timelyDays: 0 }, '2025-06-30', '2025-07-30', '2025-08-14', '2025-07-30'],
  ] as const)('%s', (period, schedule, opensAt, dueAt, closesAt, timelyUntil) => {
    const periodType = period.includes('Q') ? 'quarter' : period.includes('M') ? 'month' : period.includes('H') ? 'half_year' : 'year';
    const ds = { code: 'X', periodType, schedule } as const;
    expect(windowFor(ds, period)).toEqual({ period, opensAt, dueAt, closesAt, timelyUntil });
  });

  it.each([
    ['2025-09-29', false, 'the day before opening'],
    ['2025-09-30', true, 'the opening day'],
    ['2025-10-20', true, 'the closing day'],
    ['2025-10-21', false, 'the day after closing'],
    ['2025-10-20T23:59:00+08:00', true, 'late on the closing day in Beijing'],
    ['2025-10-20T15:59:00Z', true, '23:59 in Beijing'],
    ['2025-10-20T16:30:00Z', false, '00:30 on the 21st in Beijing'],
    ['2025-09-29T16:00:00Z', true, '00:00 on the 30th in Beijing'],
  ])('isOpen(2025Q3, %s) = %s (%s)', (now, open) => {
    expect(isOpen(QUARTERLY, '2025Q3', now)).toBe(open);
  });

  it('refuses a period of another type', () => {
    const error = errorOf(() => windowFor(QUARTERLY, '2025M07'));
    expect(error.code).toBe('VITALS_E_INVALID_PERIOD');
    expect(error.message).toContain('reported per quarter');
  });

  it.each([
    ['2025-12-31', 1, '2026-01-01'],
    ['2025-03-01', -1, '2025-02-28'],
    ['2024-03-01', -1, '2024-02-29'],
  ])('addDays(%s, %i) = %s', (iso, n, expected) => {
    expect(addDays(iso, n)).toBe(expected);
  });

  it.each([
    ['2025-10-15', '2025-10-15'],
    ['2025-10-15T23:30:00Z', '2025-10-16'],
    ['2025-10-15T23:30:00+0800', '2025-10-15'],
    ['2025-10-15 10:00', '2025-10-15'],
  ])('localDate(%s) = %s', (iso, day) => {
    expect(localDate(iso)).toBe(day);
  });

  it('rejects a malformed timestamp', () => {
    expect(() => localDate('15/10/2025')).toThrow(expect.objectContaining({ code: 'VITALS_E_INVALID_INPUT' }));
  });
});

describe('expectedCells', () => {
  it('crosses form elements with the counties that exist at the period’s close', () => {
    const cells = expectedCells(QUARTERLY, FIXTURE_REGIONS.filter((r) => r.parentCode === '130100' || r.code === '130100'), '2025Q3');
    // 石家庄's fixture counties: 130102, 130104, 130107, 130121, 130123, 130171 (6) × 2 elements = 12; the city itself does not report.
    expect(cells).toHaveLength(12);
    expect(cells.slice(0, 3)).toEqual([
      { element: 'LIVE_BIRTHS', region: '130102', period: '2025Q3' },
      { element: 'INFANT_DEATHS', region: '130102', period: '2025Q3' },
      { element: 'LIVE_BIRTHS', region: '130104', period: '2025Q3' },
    ]);
  });

  it('follows boundary changes: the abolished county reports before, its successors after', () => {
    const annual = { ...QUARTERLY, periodType: 'year' as const };
    // 甲县 135001 was split into 135011 and 135012 on 2021-07-01.
    const codes = (period: string) => reportingRegions(annual, FIXTURE_REGIONS, period).map((r) => r.code).filter((c) => /^13500[1]|^1350(11|12)$/.test(c));
    expect(codes('2020')).toEqual(['135001']);
    expect(codes('2021')).toEqual(['135011', '135012']);
  });
});

describe('completeness and timeliness', () => {
  // Two counties × two elements expected for 2025Q3.
  const expected = [
    { element: 'LIVE_BIRTHS', region: '130102', period: '2025Q3' },
    { element: 'INFANT_DEATHS', region: '130102', period: '2025Q3' },
    { element: 'LIVE_BIRTHS', region: '130104', period: '2025Q3' },
    { element: 'INFANT_DEATHS', region: '130104', period: '2025Q3' },
  ];
  const entered: EnteredCell[] = [
    { element: 'LIVE_BIRTHS', region: '130102', period: '2025Q3', value: 812, firstEnteredAt: '2025-10-12T10:00:00+08:00' },
    // Entered at 2025-10-18T17:00Z = 2025-10-19 01:00 in Beijing: one day after the last timely day (10-18).
    { element: 'INFANT_DEATHS', region: '130102', period: '2025Q3', value: 3, firstEnteredAt: '2025-10-18T17:00:00Z' },
    { element: 'LIVE_BIRTHS', region: '130104', period: '2025Q3', value: 640, firstEnteredAt: '2025-10-01' },
    // Cleared again: not entered.
    { element: 'INFANT_DEATHS', region: '130104', period: '2025Q3', value: null, firstEnteredAt: '2025-10-02' },
    // Not expected from this form: ignored.
    { element: 'POP', region: '130104', period: '2025Q3', value: 1, firstEnteredAt: '2025-10-02' },
  ];

  it('completeness: cells 3/4 = 75 %, reports 1/2 = 50 %', () => {
    const result = completeness(expected, entered);
    expect(result.cells).toEqual({ numerator: 3, denominator: 4, percent: 75 });
    expect(result.reports).toEqual({ numerator: 1, denominator: 2, percent: 50 });
    expect(result.missing).toEqual([expected[3]]);
    expect(result.unexpected).toBe(1);
    expect(result.byRegion).toEqual([
      { region: '130102', expected: 2, entered: 2, complete: true },
      { region: '130104', expected: 2, entered: 1, complete: false },
    ]);
    expect(result).toMatchObject({ method: 'vitals.completeness', methodVersion: '1.0.0' });
  });

  it('timeliness: due 10-15 + 3 days → timely until 10-18; cells 2/4 = 50 %, reports 0/2', () => {
    const result = timeliness(expected, entered, { dueAt: '2025-10-15', timelyDays: 3 });
    expect(result.params.timelyUntil).toBe('2025-10-18');
    expect(result.cells).toEqual({ numerator: 2, denominator: 4, percent: 50 });
    // 130102 is complete but its last cell was late; 130104 is incomplete.
    expect(result.reports).toEqual({ numerator: 0, denominator: 2, percent: 0 });
    expect(result.late).toEqual([expected[1]]);
  });

  it('with one more day of grace the late cell is timely: cells 3/4 = 75 %, reports 1/2 = 50 %', () => {
    const result = timeliness(expected, entered, { dueAt: '2025-10-15', timelyDays: 4 });
    expect(result.cells.percent).toBe(75);
    expect(result.reports.percent).toBe(50);
  });

  it('nothing expected → no rate rather than 100 %', () => {
    expect(completeness([], []).cells).toEqual({ numerator: 0, denominator: 0, percent: null });
  });

  it('rejects a cell entered twice', () => {
    const error = errorOf(() => completeness(expected, [entered[0]!, { ...entered[0]!, value: 1 }]));
    expect(error.message).toContain('entered[1] repeats cell LIVE_BIRTHS / 130102 / 2025Q3');
  });

  it('cell keys cannot collide through codes that contain the separator characters of other keys', () => {
    expect(cellKey({ element: 'A|B', region: 'C', period: '2025' })).not.toBe(cellKey({ element: 'A', region: 'B|C', period: '2025' }));
  });
});

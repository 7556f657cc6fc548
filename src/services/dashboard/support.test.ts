import { describe, expect, it } from 'vitest';
import { parsePeriod } from '../../core/period/index.js';
import type { JudgementRow } from '../../storage/repositories/dashboard.repository.js';
import { liveYearsFor } from './live-results.js';
import { isAlert, isLagging, milestoneFor, withGaps } from './support.js';

const cell = (period: string, value: number | null) => ({ period, periodType: parsePeriod(period).type, value, status: 'complete', quality: 'final', completeness: 1 });

const judgement = (milestoneYear: number, kind: JudgementRow['kind'], status = 'x', detail: Record<string, unknown> = {}): JudgementRow => ({
  provinceCode: '130000', framework: 'f', year: 2025, region: '130100', indicator: 'IMR', milestoneYear, kind, method: 'm', period: '2025', status, value: null,
  targetValue: null, gapAbsolute: null, gapPercent: null, detail,
});

describe('dashboard helpers', () => {
  it('fills every missing period between the first and last value as a gap', () => {
    const out = withGaps([cell('2025M03', 2), cell('2025M01', 4)], '‰');
    expect(out.map((f) => [f.period, f.value, f.status])).toEqual([['2025M01', 4, 'complete'], ['2025M02', null, 'missing'], ['2025M03', 2, 'complete']]);
    expect(out.every((f) => f.unit === '‰')).toBe(true);
    // Given bounds: gaps on both sides too.
    expect(withGaps([cell('2024', 1)], '%', { from: parsePeriod('2023'), to: parsePeriod('2025') }).map((f) => f.value)).toEqual([null, 1, null]);
    expect(withGaps([], '%')).toEqual([]);
  });

  it.each([
    [[2020, 2025, 2030], 2024, 2025],
    [[2020, 2025, 2030], 2025, 2025],
    [[2020, 2025, 2030], 2026, 2030],
    [[2020, 2025], 2027, 2025],
    [[], 2025, null],
  ])('looks, among milestones %j, from year %i at milestone %s', (milestones, year, expected) => {
    expect(milestoneFor(milestones.map((m) => judgement(m, 'attainment')), year)).toBe(expected);
  });

  it('counts the two worst progress categories as lagging, warnings and alerts as alerting', () => {
    expect(isLagging(judgement(2025, 'progress', 'seriously_lagging', { rank: 0 }))).toBe(true);
    expect(isLagging(judgement(2025, 'progress', 'lagging', { rank: 1 }))).toBe(true);
    expect(isLagging(judgement(2025, 'progress', 'on_track', { rank: 2 }))).toBe(false);
    expect(isLagging(judgement(2025, 'attainment', 'not_attained', { rank: 0 }))).toBe(false);
    expect(isAlert(judgement(2025, 'warning', 'alert'))).toBe(true);
    expect(isAlert(judgement(2025, 'warning', 'watch'))).toBe(false);
  });

  it('keeps the latest data year and the one before live', () => {
    expect(liveYearsFor(2025)).toEqual([2024, 2025]);
    expect(liveYearsFor(null)).toEqual([]);
  });
});

/**
 * `vitals warning` through the real CLI on test/cli/fixtures/progress, checkpoint 2025Q3.
 * Expected figures are computed by hand in the comments (formulas in docs/methods/progress.md).
 */
import { spawnSync } from 'node:child_process';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';

const dir = 'test/cli/fixtures/progress';
const common = ['--series', `${dir}/obs.csv`, '--targets', `${dir}/targets.csv`, '--checkpoint', '2025Q3'];

function vitals(...args: string[]) {
  const r = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'src/cli/main.ts', 'warning', ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

type Row = Record<string, number | string | null>;

function json(...args: string[]): Row[] {
  const r = vitals(...args, '--format', 'json');
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Row[];
}

const pick = (rows: Row[], indicator: string, region = '130000') => rows.find((r) => r.indicator === indicator && r.region === region)!;

describe('vitals warning --checkpoint 2025Q3', { timeout: 30_000 }, () => {
  const rows = json(...common, '--sum-indicators', 'SCREEN');

  it('one row per region × indicator, against the next milestone', () => {
    // LE has milestones 2025 and 2030: the next one from 2025 is 2025.
    expect(rows.map((r) => `${r.region}/${r.indicator}/${r.milestone_year}`)).toEqual([
      '130000/LE/2025',
      '130000/IMR/2025',
      '130000/VACC/2030',
      '130000/COVER/2027',
      '130000/SCREEN/2027',
      '130100/IMR/2025',
    ]);
  });

  it('coverage rate: behind the annual path and projected short → warning', () => {
    // Annual target 2025 = 80 + (90 − 80)·3/5 = 86; year starts at 83 (2024)
    // expected Q3 = 83 + (86 − 83)·0.75 = 85.25; actual 84.5 → g = −0.75/3 = −0.25 → warning
    // WLS (2022, 80, 0.5^1.5), (2023, 82, 0.5), (2024, 83, 0.5^0.5), (2025, 84.5, 0.75) → ŷ(2027) = 87.3590268,
    // 90 % interval 85.9815991 … 88.7364544 (t(0.95; 2) = 2.9199856, se = 0.4717241): misses 90 → warning
    // still required: (90 − 84.5)/2 = 2.75 a year
    const r = pick(rows, 'COVER');
    expect(r.level).toBe('warning');
    expect(r.annual_target).toBe(86);
    expect(r.ytd_expected as number).toBeCloseTo(85.25, 12);
    expect(r.ytd_gap_share as number).toBeCloseTo(-0.25, 12);
    expect(r.projected as number).toBeCloseTo(87.3590268, 6);
    expect(r.projected_upper as number).toBeCloseTo(88.7364544, 5);
    expect(r.required_annual_change as number).toBeCloseTo(2.75, 12);
    expect(r.reasons_zh).toContain('差距占本年应完成变化量的25.0%');
    expect(r.reasons_en).toContain('even the favourable end of the interval misses the milestone');
  });

  it('screenings (a sum): YTD on path, projection uncertain → watch', () => {
    // Annual target 2025 = 1000 + 500·3/5 = 1300; YTD = 300 + 320 + 330 = 950; expected 1300·0.75 = 975
    // g = (950 − 975)/1300 = −0.0192308 → none. Estimate 950/0.75 = 1266.667.
    // WLS with (2025, 1266.667, 0.75): ŷ(2027) = 1451.974 < 1500, upper 1522.273 ≥ 1500 → watch
    const r = pick(rows, 'SCREEN');
    expect(r.aggregation).toBe('sum');
    expect(r.ytd_actual).toBe(950);
    expect(r.ytd_gap_share as number).toBeCloseTo(-0.0192308, 6);
    expect(r.projected as number).toBeCloseTo(1451.97435, 4);
    expect(r.projected_upper as number).toBeCloseTo(1522.27335, 4);
    expect(r.level).toBe('watch');
    expect(r.required_annual_change as number).toBeCloseTo((1500 - 950 / 0.75) / 2, 9);
  });

  it('infant mortality without sub-annual data: projection only → watch', () => {
    // WLS (2020, 5.4, 0.5^2.5), (2021, 5.35, 0.25), (2023, 5.3, 0.5): ŷ(2025) = 5.2368046 > 5.2,
    // favourable (lower) bound 5.1166867 ≤ 5.2 → watch; still required (5.2 − 5.3)/(2025 − 2023) = −0.05
    const r = pick(rows, 'IMR');
    expect(r.ytd_actual).toBeNull();
    expect(r.projected as number).toBeCloseTo(5.2368046, 6);
    expect(r.projected_lower as number).toBeCloseTo(5.1166867, 5);
    expect(r.level).toBe('watch');
    expect(r.required_annual_change as number).toBeCloseTo(-0.05, 12);
  });

  it('life expectancy on a straight line to 78.55 ≥ 78.5 → none', () => {
    expect(pick(rows, 'LE').projected as number).toBeCloseTo(78.55, 9);
    expect(pick(rows, 'LE').level).toBe('none');
  });

  it('rows that cannot be judged say why', () => {
    expect(pick(rows, 'VACC')).toMatchObject({ level: 'not_assessed', reasons_en: 'target kind direction has no numeric value: not assessed' });
    expect(pick(rows, 'IMR', '130100')).toMatchObject({ level: 'not_assessed', label_en: 'not assessed (no data)' });
  });

  it('--seasonal uses the YTD share of earlier years for sums', () => {
    // share(0.75) = mean(750/1100, 810/1200) = 0.6784091; expected = 1300·0.6784091 = 881.932
    // g = (950 − 881.932)/1300 = 0.0523601; estimate 950/0.6784091 = 1400.33 → ŷ(2027) = 1644.56 ≥ 1500 → none
    const r = pick(json(...common, '--sum-indicators', 'SCREEN', '--seasonal'), 'SCREEN');
    expect(r.ytd_expected as number).toBeCloseTo(881.9318, 3);
    expect(r.ytd_gap_share as number).toBeCloseTo(0.0523601, 6);
    expect(r.projected as number).toBeCloseTo(1644.5596, 3);
    expect(r.level).toBe('none');
  });

  it('CSV output keeps one header for assessed and unassessed rows', () => {
    const r = vitals(...common, '--sum-indicators', 'SCREEN');
    expect(r.code).toBe(0);
    const records = parse(r.stdout, { columns: true }) as Array<Record<string, string>>;
    expect(records.map((x) => x.level)).toEqual(['none', 'watch', 'not_assessed', 'warning', 'watch', 'not_assessed']);
  });

  it('a bad checkpoint exits 2 with a clear message', () => {
    const r = vitals('--series', `${dir}/obs.csv`, '--targets', `${dir}/targets.csv`, '--checkpoint', '2025-09');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--checkpoint must be a sub-annual period such as 2025H1 or 2025Q3');
  });
});

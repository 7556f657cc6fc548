/**
 * `vitals progress` through the real CLI on test/cli/fixtures/progress. Every expected number
 * is computed by hand in the comments (same formulas as docs/methods/progress.md).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';

const dir = 'test/cli/fixtures/progress';
const common = ['--series', `${dir}/obs.csv`, '--targets', `${dir}/targets.csv`];

function vitals(...args: string[]) {
  const r = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'src/cli/main.ts', 'progress', ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

type Row = Record<string, unknown> & { measures: Record<string, number | null>; indicator: string; region: string; milestone_year: number };

function json(...args: string[]): Row[] {
  const r = vitals(...args, '--format', 'json');
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Row[];
}

const pick = (rows: Row[], indicator: string, milestone: number, region = '130000') =>
  rows.find((r) => r.indicator === indicator && r.milestone_year === milestone && r.region === region)!;

describe('vitals progress --method statcan', { timeout: 30_000 }, () => {
  const rows = json('--method', 'statcan', ...common);

  it('one row per target row, in file order', () => {
    expect(rows.map((r) => `${r.region}/${r.indicator}/${r.milestone_year}`)).toEqual([
      '130000/LE/2025',
      '130000/LE/2030',
      '130000/IMR/2025',
      '130000/VACC/2030',
      '130000/COVER/2027',
      '130000/SCREEN/2027',
      '130100/IMR/2025',
    ]);
  });

  it('life expectancy to 78.5 by 2025: on track', () => {
    // CAGR_req = (78.5/77.8)^(1/5) − 1 = 0.0017930; CAGR_obs = (78.4/77.8)^(1/4) − 1 = 0.0019225
    // R = 1.0721819 ≥ 0.95 → on track; score (R − 0.6)·5/0.7 = 3.3727277
    const r = pick(rows, 'LE', 2025);
    expect(r.status).toBe('on_track');
    expect(r.measures.ratio).toBeCloseTo(1.0721819, 6);
    expect(r.score as number).toBeCloseTo(3.3727277, 6);
    expect(r.method_version).toBe('1.0.0');
    expect(r.params).toEqual({ zeroReplacement: 0.001 });
  });

  it('a worded target (在2020年基础上继续提高1岁左右) is parsed: 77.8 + 1 − 0.05 tolerance = 78.75', () => {
    // CAGR_req = (78.75/77.8)^(1/10) − 1 = 0.0012144; R = 0.0019225/0.0012144 = 1.5830333 → on track, score 5
    const r = pick(rows, 'LE', 2030);
    expect(r.target_kind).toBe('change');
    expect(r.target_value).toBeCloseTo(78.75, 12);
    expect(r.measures.ratio).toBeCloseTo(1.5830333, 6);
    expect(r.score).toBe(5);
  });

  it('infant mortality 5.4 → 5.2: acceleration needed (R = 0.8260145)', () => {
    const r = pick(rows, 'IMR', 2025);
    expect(r.status).toBe('acceleration_needed');
    expect(r.label_zh).toBe('有进展但需加速');
    expect(r.measures.requiredCagr).toBeCloseTo(-0.0075196505, 9); // (5.2/5.4)^(1/5) − 1
    expect(r.measures.ratio).toBeCloseTo(0.8260145, 6);
  });

  it('a direction-only target (持续提升) uses the no-target variant and says so', () => {
    // g = (95.3/95)^(1/2) − 1 = 0.0015777 < 0.5 % → limited progress; score 500·g − 2.5 = −1.7111486
    const r = pick(rows, 'VACC', 2030);
    expect(r.variant).toBe('no_target');
    expect(r.target_value).toBeNull();
    expect(r.status).toBe('limited_progress');
    expect(r.score as number).toBeCloseTo(-1.7111486, 6);
    expect(r.note_en).toBe('target kind direction has no numeric value: no-target variant');
  });

  it('coverage 80 → 90 and screenings 1000 → 1500', () => {
    // COVER: R = ((83/80)^(1/2) − 1)/((90/80)^(1/5) − 1) = 0.0185774/0.0238363 = 0.7793774 → acceleration needed
    expect(pick(rows, 'COVER', 2027).measures.ratio).toBeCloseTo(0.7793774, 6);
    expect(pick(rows, 'COVER', 2027).status).toBe('acceleration_needed');
    // SCREEN: R = (1.2^(1/2) − 1)/(1.5^(1/5) − 1) = 0.0954451/0.0844718 = 1.1299055 → on track
    expect(pick(rows, 'SCREEN', 2027).measures.ratio).toBeCloseTo(1.1299055, 6);
    expect(pick(rows, 'SCREEN', 2027).status).toBe('on_track');
  });

  it('a region without a value after its baseline is unable to assess', () => {
    const r = pick(rows, 'IMR', 2025, '130100');
    expect(r.status).toBe('unable_to_assess');
    expect(r.note_en).toMatch(/no observation after the baseline/);
  });
});

describe('vitals progress options', { timeout: 30_000 }, () => {
  it('--limits scales the no-target thresholds near a natural limit', () => {
    // C = 1 − 0.95^4.44 = 0.2036705; 0.5 %·C = 0.1018 % ≤ g = 0.1578 % < 1.5 %·C → acceleration needed; score 250·g/C − 1.25
    const r = pick(json('--method', 'statcan', ...common, '--limits', 'VACC=100'), 'VACC', 2030);
    expect(r.status).toBe('acceleration_needed');
    expect(r.score as number).toBeCloseTo(0.6865873, 6);
    expect(r.warnings).toBe('VITALS_W_NEAR_NATURAL_LIMIT');
  });

  it('--year judges as of an earlier year', () => {
    // IMR as of 2022: current 2021 = 5.35; R = (1 − 5.35/5.4)/(1 − (5.2/5.4)^(1/5)) = 1.2313417 → on track
    const r = pick(json('--method', 'statcan', ...common, '--year', '2022'), 'IMR', 2025);
    expect(r.current_year).toBe(2021);
    expect(r.measures.ratio).toBeCloseTo(1.2313417, 6);
    expect(r.status).toBe('on_track');
  });

  it('trajectory on the coverage row', () => {
    // trajectory COVER: E(2024) = 80 + 10·2/5 = 84; g = (83 − 84)/10 = −0.1 → lagging
    const t = pick(json('--method', 'trajectory', ...common), 'COVER', 2027);
    expect(t.measures.expected).toBeCloseTo(84, 12);
    expect(t.status).toBe('lagging');
  });

  it('sdsn on the coverage row', () => {
    // sdsn COVER: achieved (83 − 80)/2 = 1.5, needed (90 − 80)/5 = 2 → r = 0.75 → moderately improving
    expect(pick(json('--method', 'sdsn', ...common), 'COVER', 2027).status).toBe('moderately_improving');
  });

  it('eurostat (2-year window) on the mortality row', () => {
    // eurostat IMR, 2-year window from 2021 (5.35): R = (1 − (5.3/5.35)^(1/2))/(1 − (5.2/5.35)^(1/4))
    //   = 0.0046839/0.0070843 = 0.6611642 → moderate progress
    const e = pick(json('--method', 'eurostat', ...common, '--params', '{"windowYears":2}'), 'IMR', 2025);
    expect(e.measures.ratio).toBeCloseTo(0.6611642, 6);
    expect(e.status).toBe('moderate_progress');
  });

  it('writes CSV with one header row', () => {
    const r = vitals('--method', 'statcan', ...common);
    expect(r.code).toBe(0);
    const records = parse(r.stdout, { columns: true }) as Array<Record<string, string>>;
    expect(records).toHaveLength(7);
    expect(records[2]).toMatchObject({ indicator: 'IMR', status: 'acceleration_needed', method: 'statcan', target_value: '5.2' });
    expect(JSON.parse(records[2]!.measures!).ratio).toBeCloseTo(0.8260145, 6);
  });
});

describe('vitals progress errors', { timeout: 30_000 }, () => {
  it('an unknown method exits 2 with VITALS_E_UNKNOWN_METHOD in both languages', () => {
    const r = vitals('--method', 'magic', ...common);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('VITALS_E_UNKNOWN_METHOD');
    expect(r.stderr).toContain('未知方法：progress "magic"');
    expect(r.stderr).toContain('invalid progress method: "magic"');
  });

  it('a bad target row names the file, row and column', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'vitals-progress-'));
    const file = join(tmp, 'targets.csv');
    writeFileSync(file, 'indicator,region,milestone_year,wording,polarity,baseline_year,baseline_value,spec\nIMR,130000,2025,5.2以下,down,2020,5.4,\n');
    const r = vitals('--method', 'statcan', '--series', `${dir}/obs.csv`, '--targets', file);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('row 2, column "polarity": "down" must be higher_is_better or lower_is_better');
  });

  it('bad parameters are rejected', () => {
    const r = vitals('--method', 'eurostat', ...common, '--params', '{"window":5}');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown parameter "window"');
  });
});

/**
 * `vitals attainment` through the real CLI on test/cli/fixtures/{targets,obs}.csv.
 * National figures in obs.csv come from shared/reference/demo/national_health_timeseries.csv;
 * Hebei figures are illustrative. Every expected number is worked out by hand in a comment
 * (formulas in docs/methods/targets.md).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';

const FIX = 'test/cli/fixtures';
const common = ['--targets', `${FIX}/targets.csv`, '--series', `${FIX}/obs.csv`];

function vitals(...args: string[]) {
  const r = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'src/cli/main.ts', 'attainment', ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

type Row = Record<string, string>;
function rows(...args: string[]): Row[] {
  const r = vitals(...common, ...args);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return parse(r.stdout, { columns: true }) as Row[];
}
const find = (all: Row[], indicator: string, region: string, milestone: string) =>
  all.find((r) => r.indicator === indicator && r.region === region && r.milestone_year === milestone)!;

describe('vitals attainment (CSV, each row in its milestone year)', () => {
  const all = rows();

  it('judges every target row', () => {
    expect(all).toHaveLength(25);
    expect(Object.keys(all[0]!)).toEqual([
      'region', 'indicator', 'milestone_year', 'evaluation_year', 'wording', 'kind', 'parse_confidence', 'status', 'value_used', 'value_year',
      'baseline_year', 'baseline_value', 'required_zh', 'required_en', 'gap_absolute', 'gap_percent_of_required_change', 'parts', 'warnings',
      'messages_zh', 'messages_en', 'parse_notes',
    ]);
  });

  it('beds 提高至7.5张: 7.62 in 2025 attains; gap 7.5 − 7.62 = −0.12, −0.12 / (7.5 − 6.13) = −8.759124 %', () => {
    expect(find(all, 'BEDS_PER_1000', '130000', '2025')).toMatchObject({
      kind: 'threshold', status: 'attained', value_used: '7.62', value_year: '2025', gap_absolute: '-0.12', gap_percent_of_required_change: '-8.759124',
      required_zh: '达到或超过 7.5', required_en: 'at least 7.5',
    });
  });

  it('sub-annual rows are ignored (BEDS 2025H1 = 7.55 is not used)', () => {
    expect(find(all, 'BEDS_PER_1000', '130000', '2025').value_used).toBe('7.62');
  });

  it('nurses 3.8: 2025 is empty, 2024 (3.3) is used with a stale warning; gap 0.5, 0.5 / (3.8 − 2.95) = 58.823529 %', () => {
    expect(find(all, 'NURSES_PER_1000', '130000', '2025')).toMatchObject({
      status: 'not_attained', value_used: '3.3', value_year: '2024', gap_absolute: '0.5', gap_percent_of_required_change: '58.823529', warnings: 'VITALS_W_STALE_DATA',
    });
  });

  it('life expectancy 达到全国平均水平 in 2023: 78.6 = 78.6 reaches it', () => {
    expect(find(all, 'LE', '130000', '2023')).toMatchObject({ kind: 'benchmark', status: 'attained', value_used: '78.6', gap_absolute: '0' });
  });

  it('life expectancy 优于全国平均水平 in 2025: compared in 2024, 78.9 is not above 79.0; gap 0.1 = 8 % of 79.0 − 77.75', () => {
    expect(find(all, 'LE', '130000', '2025')).toMatchObject({ status: 'not_attained', value_year: '2024', gap_absolute: '0.1', gap_percent_of_required_change: '8' });
  });

  it('national life expectancy +1岁左右 from 77.93: needs 78.88, 79.0 (2024) attains; −0.12 / 0.95 = −12.631579 %', () => {
    expect(find(all, 'LE', '000000', '2025')).toMatchObject({
      kind: 'change', parse_confidence: 'partial', status: 'attained', value_used: '79', gap_absolute: '-0.12', gap_percent_of_required_change: '-12.631579',
    });
  });

  it('healthy life expectancy 同比例提高 (spec column): needs 68.5 × 78.9 / 77.75 = 69.513183', () => {
    expect(find(all, 'HALE', '130000', '2025')).toMatchObject({ kind: 'proportional', parse_confidence: 'spec', status: 'not_attained', gap_absolute: '0.113183' });
  });

  it('myopia 每年降低0.5个百分点 from 53.6 (2018): needs ≤ 51.6 in 2022, 51.9 is short by 0.3 = 15 % of 2.0', () => {
    expect(find(all, 'MYOPIA_RATE', '000000', '2022')).toMatchObject({ kind: 'annual_change', status: 'not_attained', gap_absolute: '0.3', gap_percent_of_required_change: '15' });
  });

  it('超过39.3% is not met by exactly 39.3', () => {
    expect(find(all, 'REGULAR_EXERCISE', '130000', '2025')).toMatchObject({ status: 'not_attained', gap_absolute: '0' });
  });

  it('设区市全覆盖: 9 of 11 cities covered (衡水 0, 承德 no value); gap 2/11', () => {
    expect(find(all, 'OCC_DIAGNOSIS_INSTITUTIONS', '130000', '2025')).toMatchObject({
      kind: 'coverage', status: 'not_attained', value_used: '0.818182', gap_absolute: '0.181818', warnings: 'VITALS_W_INCOMPLETE_AGGREGATE',
    });
  });

  it('27左右 for a lower-is-better share: at most 28.35, 27.2 attains', () => {
    expect(find(all, 'OOP_SHARE', '130000', '2025')).toMatchObject({ kind: 'approx', status: 'attained', gap_absolute: '-1.15', required_en: 'about 27 (±1.35): at most 28.35' });
  });

  it('slowing obesity growth, counts, achievements', () => {
    expect(find(all, 'ADULT_OBESITY', '130000', '2025')).toMatchObject({ kind: 'slowing_growth', status: 'attained' });
    expect(find(all, 'HEALTHY_COUNTIES', '130000', '2025')).toMatchObject({ kind: 'count', status: 'attained', gap_absolute: '-3' });
    expect(find(all, 'SCIENCE_EXPERT_POOL_DONE', '000000', '2022')).toMatchObject({ kind: 'achieve', status: 'attained' });
  });

  it('2027 targets without data in 2025–2027 are not evaluable, and say why', () => {
    expect(find(all, 'HEALTH_LITERACY', '130000', '2027')).toMatchObject({ status: 'not_evaluable', warnings: 'VITALS_W_MISSING_DATA' });
    expect(find(all, 'IMR', '130000', '2027')).toMatchObject({ status: 'not_evaluable', warnings: 'VITALS_W_MISSING_DATA' });
  });

  it('an unreadable wording stays qualitative and unparsed', () => {
    expect(find(all, 'APPOINTMENT_COVERAGE', '130000', '2027')).toMatchObject({ kind: 'qualitative', parse_confidence: 'unparsed', status: 'not_evaluable', warnings: 'VITALS_W_QUALITATIVE_TARGET' });
  });
});

describe('vitals attainment --year 2025', () => {
  const all = rows('--year', '2025');

  it('judges 2027 targets on the latest data: health literacy 30.1 (2024) ≥ 29; −1.1 / (29 − 26.2) = −39.285714 %', () => {
    expect(find(all, 'HEALTH_LITERACY', '130000', '2027')).toMatchObject({ evaluation_year: '2025', status: 'attained', gap_percent_of_required_change: '-39.285714' });
  });

  it('reports every part of a compound target: 14.6 < 15.0 (2023) and falling every year', () => {
    expect(find(all, 'PREMATURE_NCD_MORTALITY', '130000', '2027')).toMatchObject({ kind: 'all', status: 'attained', parts: 'benchmark=attained direction=attained' });
  });

  it('a qualitative target with a direction is judged on it: 78.9 (2024) > 78.3 (2022)', () => {
    expect(find(all, 'LE', '130000', '2027')).toMatchObject({ kind: 'qualitative', status: 'attained', warnings: 'VITALS_W_QUALITATIVE_TARGET VITALS_W_STALE_DATA' });
  });
});

describe('vitals attainment --format json --out', () => {
  it('writes full results with provenance', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'vitals-attainment-')), 'out.json');
    const r = vitals(...common, '--format', 'json', '--out', out);
    expect([r.code, r.stdout, r.stderr]).toEqual([0, '', '']);
    const results = JSON.parse(readFileSync(out, 'utf8')) as { indicator: string; region: string; milestoneYear: number; parse: { confidence: string }; result: Record<string, unknown> & { provenance: Record<string, unknown> } }[];
    const coverage = results.find((x) => x.indicator === 'OCC_DIAGNOSIS_INSTITUTIONS')!;
    expect(coverage.result.valueUsed).toBe(9 / 11);
    expect(coverage.result.coverage).toEqual({
      expected: 11,
      covered: ['130100', '130200', '130300', '130400', '130500', '130600', '130700', '130900', '131000'],
      notCovered: ['131100'],
      missing: ['130800'],
    });
    expect(coverage.result.provenance).toMatchObject({ method: 'attainment', methodVersion: '1.0.0', params: { kind: 'coverage', evaluationYear: 2025 } });
  });
});

describe('vitals attainment --regions', () => {
  it('takes the expected sub-units from the list (placeholders skipped)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vitals-attainment-'));
    const regions = join(dir, 'regions.csv');
    writeFileSync(regions, 'code,name,is_placeholder\n130100,石家庄市,0\n130200,唐山市,0\n130199,占位,1\n');
    const all = rows('--regions', regions);
    // only 130100 (3) and 130200 (2) are expected: both have at least 1
    expect(find(all, 'OCC_DIAGNOSIS_INSTITUTIONS', '130000', '2025')).toMatchObject({ status: 'attained', value_used: '1', gap_absolute: '0' });
  });
});

describe('vitals attainment on bad input', () => {
  function withTargets(line: string) {
    const dir = mkdtempSync(join(tmpdir(), 'vitals-attainment-'));
    const file = join(dir, 'targets.csv');
    writeFileSync(file, `indicator,region,milestone_year,wording,polarity,baseline_year,baseline_value,spec\n${line}\n`);
    return vitals('--targets', file, '--series', `${FIX}/obs.csv`);
  }

  it('a malformed spec names the file, row and column', () => {
    const r = withTargets('IMR,130000,2025,1-2个,lower_is_better,,,"{""kind"":""range"",""min"":3,""max"":1}"');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('VITALS_E_INVALID_INPUT');
    expect(r.stderr).toMatch(/targets\.csv row 2, column "spec".*min \(3\) must be ≤ max \(1\)/);
  });

  it('an unknown kind in the spec column is reported', () => {
    const r = withTargets('IMR,130000,2025,x,lower_is_better,,,"{""kind"":""magic""}"');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown target kind "magic"');
  });

  it('a bad polarity is rejected', () => {
    const r = withTargets('IMR,130000,2025,≤5,down,,,');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('column "polarity"');
  });

  it('a bad --year is rejected', () => {
    const r = vitals(...common, '--year', '20x5');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--year must be a whole number');
  });

  it('conflicting values for one year are reported with region, indicator and year', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vitals-attainment-'));
    const obs = join(dir, 'obs.csv');
    writeFileSync(obs, 'region,indicator,period,value\n130000,IMR,2025,3.1\n130000,IMR,2025,3.4\n');
    const targets = join(dir, 'targets.csv');
    writeFileSync(targets, 'indicator,region,milestone_year,wording,polarity,baseline_year,baseline_value,spec\nIMR,130000,2025,≤5,lower_is_better,,,\n');
    const r = vitals('--targets', targets, '--series', obs);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('130000/IMR 2025: two different values (3.1 and 3.4)');
  });
});

describe('docs/methods/targets.md', () => {
  const doc = readFileSync('docs/methods/targets.md', 'utf8');
  const commands = doc.split('\n').filter((line) => line.startsWith('npx vitals attainment '));

  it('every example command runs as written', () => {
    expect(commands.length).toBeGreaterThanOrEqual(2);
    for (const command of commands) {
      const args = command.replace('npx vitals attainment ', '').split(/\s+/);
      const r = vitals(...args);
      expect(r.code, `${command}\n${r.stderr}`).toBe(0);
      expect(r.stdout.length).toBeGreaterThan(100);
    }
  });

  it('the output excerpt matches the first example', () => {
    const excerpt = doc.split('<!-- attainment-example:start -->')[1]!.split('<!-- attainment-example:end -->')[0]!;
    const lines = excerpt.trim().split('\n').filter((line) => line.startsWith('|'));
    const header = lines[0]!.split('|').slice(1, -1).map((c) => c.trim());
    const args = commands[0]!.replace('npx vitals attainment ', '').split(/\s+/);
    const output = parse(vitals(...args).stdout, { columns: true }) as Row[];
    for (const line of lines.slice(2)) {
      const cells = line.split('|').slice(1, -1).map((c) => c.trim());
      const expected = Object.fromEntries(header.map((h, i) => [h, cells[i]]));
      expect(find(output, expected.indicator!, expected.region!, expected.milestone_year!), line).toMatchObject(expected);
    }
  });
});

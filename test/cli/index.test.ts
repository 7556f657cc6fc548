/**
 * `vitals index` through the real CLI on small fixture files. Expected figures come from the
 * published HDI (HDR 2015 Table 1) and the hand calculation in
 * src/core/composite/coinr-example.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const fixtures = 'test/cli/fixtures/index';

function vitals(...args: string[]) {
  const r = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'src/cli/main.ts', 'index', ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function csv(text: string): Array<Record<string, string>> {
  const [header, ...lines] = text.trim().split('\n');
  const cols = header!.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [cols[i], v])));
}

describe('vitals index', () => {
  it('reproduces the published HDI for Norway, Australia and Liechtenstein', () => {
    const r = vitals('--config', `${fixtures}/hdi.yaml`, '--data', `${fixtures}/hdi.csv`);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const rows = csv(r.stdout);
    // Published HDI 2014 (HDR 2015 Table 1): Norway 0.944, Australia 0.935, Liechtenstein 0.908.
    expect(rows.map((row) => [row.region, Number(row.index).toFixed(3), row.rank])).toEqual([
      ['Norway', '0.944', '1'],
      ['Australia', '0.935', '2'],
      ['Liechtenstein', '0.908', '3'],
    ]);
    // Liechtenstein's GNI ($79,851) is above the $75,000 goalpost: income index capped at 1.
    expect(rows[2]!.income).toBe('1');
  });

  it('computes the COINr-style example with TOPSIS, RSR and sensitivity columns', () => {
    const r = vitals('--config', `${fixtures}/coinr.yaml`, '--data', `${fixtures}/coinr.csv`, '--period', '2024', '--sensitivity', '200', '--seed', '7');
    expect(r.code).toBe(0);
    const rows = csv(r.stdout);
    // Hand calculation: Index D 91.667, B 56.25, C 25, A 8.333; P B = C = 37.5.
    expect(rows.map((row) => [row.region, Number(row.index).toFixed(3), row.rank])).toEqual([
      ['D', '91.667', '1'],
      ['B', '56.250', '2'],
      ['C', '25.000', '3'],
      ['A', '8.333', '4'],
    ]);
    expect(Object.keys(rows[0]!)).toEqual(['period', 'region', 'index', 'rank', 'P', 'S', 'topsis_c', 'topsis_rank', 'rsr', 'rsr_probit', 'rsr_grade', 'median_rank', 'rank_p05', 'rank_p95']);
    // RSR by hand: ranks D (4,4,4,3) → 15/16 = 0.9375; A (1,1,1,2) → 5/16 = 0.3125.
    expect(rows.find((row) => row.region === 'D')!.rsr).toBe('0.9375');
    expect(rows.find((row) => row.region === 'A')!.rsr).toBe('0.3125');
  });

  it('skips RSR with a warning instead of failing when too few regions have every indicator', () => {
    // patchy.json (JSON with a UTF-8 BOM): A lacks y, B lacks x, only C is complete.
    // Min-max onto [0, 100]: x (A 1, C 3) → A 0, C 100; y lower is better (B 4, C 2) → B 0, C 100.
    // Index = mean of the present children: C (100 + 100)/2 = 100, A 0, B 0 (A and B tie at rank 2).
    // TOPSIS on the single complete unit: D⁺ = D⁻ = 0, closeness 0.5 by definition; RSR needs 3.
    const r = vitals('--config', `${fixtures}/patchy.json`, '--data', `${fixtures}/patchy.csv`);
    expect(r.code).toBe(0);
    const rows = csv(r.stdout);
    expect(rows.map((row) => [row.region, row.index, row.rank, row.topsis_c, row.topsis_rank, row.rsr, row.rsr_grade])).toEqual([
      ['C', '100', '1', '0.5', '1', '', ''],
      ['A', '0', '2', '', '', '', ''],
      ['B', '0', '2', '', '', '', ''],
    ]);
    expect(r.stderr).toContain('VITALS_W_MISSING_DATA [2025] topsis: TOPSIS: 2 of 3 unit(s) miss an indicator and get no TOPSIS score: A, B');
    expect(r.stderr).toContain('VITALS_W_MISSING_DATA [2025] rsr: RSR skipped: it needs at least 3 unit(s) with every indicator, 1 of 3 have them');
  });

  it('gives the same sensitivity analysis for the same seed', () => {
    const args = ['--config', `${fixtures}/coinr.yaml`, '--data', `${fixtures}/coinr.csv`, '--sensitivity', '100', '--seed', '123'];
    expect(vitals(...args).stdout).toBe(vitals(...args).stdout);
  });

  it('writes full provenance as JSON to a file', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'vitals-index-')), 'hdi.json');
    const r = vitals('--config', `${fixtures}/hdi.yaml`, '--data', `${fixtures}/hdi.csv`, '--format', 'json', '--out', out);
    expect(r.code).toBe(0);
    const [result] = JSON.parse(readFileSync(out, 'utf8'));
    expect(result.method).toBe('vitals.composite-index');
    expect(result.methodVersion).toBe('1.0.0');
    expect(result.weights.find((w: { node: string }) => w.node === 'education').weights).toEqual({ EYS: 0.5, MYS: 0.5 });
    expect(result.normalisation.find((n: { indicator: string }) => n.indicator === 'LE').params).toMatchObject({ lo: 20, hi: 85, bounds: 'goalposts' });
  });

  it('reports every definition problem in zh-CN and English with exit code 2', () => {
    const r = vitals('--config', `${fixtures}/bad-config.yaml`, '--data', `${fixtures}/coinr.csv`);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/错误 VITALS_E_INVALID_CONFIG: 配置无效/);
    expect(r.stderr).toMatch(/indicator i1: direction must be one of/);
    expect(r.stderr).toMatch(/child "i9" is not a declared indicator/);
  });

  it('names the file row and column of bad data', () => {
    expect(vitals('--config', `${fixtures}/coinr.yaml`, '--data', `${fixtures}/bad-value.csv`).stderr).toMatch(/bad-value.csv row 3, column "value": "abc" is not a number/);
    expect(vitals('--config', `${fixtures}/coinr.yaml`, '--data', `${fixtures}/bad-period.csv`).stderr).toMatch(/bad-period.csv row 2, column "period"/);
    const r = vitals('--config', `${fixtures}/coinr.yaml`, '--data', `${fixtures}/coinr.csv`, '--sensitivity', '0');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--sensitivity must be at least 1/);
  });

  it('runs a monthly Hebei demonstration definition on synthetic monthly data', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'vitals-index-')), 'hebei.json');
    const r = vitals('--config', `${fixtures}/hebei-monthly-demo.yaml`, '--data', `${fixtures}/hebei-demo-synthetic.csv`, '--format', 'json', '--out', out);
    expect(r.code).toBe(0);
    const results = JSON.parse(readFileSync(out, 'utf8'));
    expect(results.map((x: { period: string }) => x.period)).toEqual(['2025M01', '2025M02', '2025M03']);
    expect(results.every((x: { demonstration: boolean; units: string[] }) => x.demonstration && x.units.length === 11)).toBe(true);
    // AHP over (outcome, mch, chronic, access) with judgements 2, 2, 3 / 1, 2 / 2: the matrix is
    // nearly consistent. By hand with w = (0.4236, 0.2270, 0.2270, 0.1223):
    // (A·w)_1 = 0.4236 + 2·0.2270 + 2·0.2270 + 3·0.1223 = 1.6985 → /0.4236 = 4.0097; rows 2–4 give
    // 0.9104/0.2270 = 4.0106 (twice) and 0.4905/0.1223 = 4.0106; λmax ≈ 4.0104, CI ≈ 0.0035,
    // CR = 0.0035/0.90 ≈ 0.004.
    const top = results[0].weights.find((w: { node: string }) => w.node === 'HHI');
    expect(top.details.cr).toBeGreaterThan(0.003);
    expect(top.details.cr).toBeLessThan(0.005);
    // The synthetic file leaves gaps that LOCF fills from the previous month.
    expect(results[2].imputation).toEqual([{ unit: '130700', indicator: 'EHR_COVERAGE', method: 'locf', value: 74.4, fromPeriod: '2025M02' }]);
    // 14.80‰ in Tangshan (130200) in January is an outlier: winsorised to the next highest value.
    expect(results[0].outliers[0]).toMatchObject({ indicator: 'IMR_MONTHLY', action: 'winsorised', winsorised: [{ unit: '130200', from: 14.8 }] });
  });
});

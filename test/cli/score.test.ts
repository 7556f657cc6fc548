import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { validateScheme } from '../../src/core/scoring/index.js';

const FIX = 'test/cli/fixtures/scoring';
const HEBEI = 'content/schemes/hebei-city-assessment.yaml';
const work = mkdtempSync(join(tmpdir(), 'vitals-score-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function vitals(...args: string[]) {
  const result = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'src/cli/main.ts', ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
const csv = (text: string) => parseCsv(text, { columns: true }) as Record<string, string>[];

describe('vitals score — the mini scheme, scored by hand', () => {
  // 130100: IMR 10×(4.1−5)/(3.8−5) = 7.5; LE 78.3 ≥ 78 → 4; LEDGER 推进中 = 50% → 6×0.5 = 3;
  //         IMR 4.1 > 4.0 last year → −2; bonus 2 + 2.5 = 4.5 capped at 3 → total 14.5 + 3 − 2 = 15.5 (good)
  // 130200: IMR 3.7 → 10; LE 77.5 → 0; LEDGER 已完成 → 6; total 16, but SAFETY = 1 → veto → fail
  // 130300: IMR 10×(4.4−5)/(−1.2) = 5; LE 78 → 4; LEDGER 6; AWARD 2 → total 17 (good)
  // 130400: IMR 10×(4.16−5)/(−1.2) = 7; LE 77.2 ≥ its own target 77 → 4; LEDGER 6 → total 17 (good)
  // Competition ranking: 17, 17, 16, 15.5 → 1, 1, 3, 4 (ties shown by code).
  // Groups: A = {130100: 15.5, 130200: 16} → 130200 1st, 130100 2nd; B = {130300, 130400} tied 1st.
  // Change = last year − this year: 130300 3 → 1 = +2; 130200 2 → 3 = −1; 130100 1 → 4 = −3; 130400 new.
  const args = ['score', '--scheme', `${FIX}/mini-scheme.yaml`, '--data', `${FIX}/mini-items.csv`];

  it('writes the summary with grades, ranks, groups and rank change', () => {
    const out = vitals(...args, '--previous', `${FIX}/mini-previous.csv`, '--peer-groups', `${FIX}/mini-groups.csv`);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    const rows = csv(out.stdout);
    expect(rows.map((r) => [r.region, r.total, r.grade, r.rank, r.tied, r.group, r.group_rank, r.previous_rank, r.rank_change, r.movement])).toEqual([
      ['130300', '17', 'good', '1', 'true', 'B', '1', '3', '2', 'up'],
      ['130400', '17', 'good', '1', 'true', 'B', '1', '', '', 'new'],
      ['130200', '16', 'fail', '3', 'false', 'A', '1', '2', '-1', 'down'],
      ['130100', '15.5', 'good', '4', 'false', 'A', '2', '1', '-3', 'down'],
    ]);
    const r1 = rows.find((r) => r.region === '130100')!;
    expect([r1.base, r1.bonus, r1.deductions, r1.dim_D1, r1.dim_D2]).toEqual(['14.5', '3', '-2', '11.5', '4']);
    expect(rows.find((r) => r.region === '130200')!.veto_items).toBe('SAFETY');
  });

  it('ranks densely on request: 17, 17, 16, 15.5 → 1, 1, 2, 3', () => {
    const rows = csv(vitals(...args, '--rank-method', 'dense').stdout);
    expect(rows.map((r) => r.rank)).toEqual(['1', '1', '2', '3']);
  });

  it('explains every item in the item detail', () => {
    const rows = csv(vitals(...args, '--detail', 'items').stdout);
    expect(rows).toHaveLength(4 * 7);
    const imr = rows.find((r) => r.region === '130100' && r.item === 'IMR')!;
    expect(imr).toMatchObject({ earned: '7.5', max: '10', rule: 'linear', value: '4.1', target: '3.8' });
    expect(imr.why_zh).toBe('婴儿死亡率 4.1‰，目标 ≤3.8‰（起评 5‰），按线性规则得 7.5/10 分');
    expect(imr.why_en).toBe('Infant mortality rate 4.1‰ vs target ≤3.8‰ (floor 5‰): 7.5 of 10 points (linear rule)');
    const le = rows.find((r) => r.region === '130400' && r.item === 'LE')!;
    expect(le.why_zh).toBe('人均预期寿命 77.2岁，目标 ≥77岁，已达标，按达标得分规则得 4.0/4 分');
  });

  it('writes full JSON results to a file', () => {
    const out = join(work, 'scores.json');
    expect(vitals(...args, '--format', 'json', '--out', out).code).toBe(0);
    const results = JSON.parse(readFileSync(out, 'utf8'));
    expect(results.map((r: { region: string }) => r.region)).toEqual(['130300', '130400', '130200', '130100']);
    const r1 = results[3];
    expect(r1.items).toHaveLength(7);
    expect(r1.provenance).toMatchObject({ method: 'scoring.scheme', params: { scheme: 'mini', schemeVersion: '1' } });
    expect(r1.ranking).toMatchObject({ rank: 4, provenance: { method: 'ranking.competition', params: { decimals: 2 } } });
  });

  it('reads the observations layout with --period', () => {
    // IMR 4.1 (2025) vs 4.0 (2024): 7.5 and −2; LE 78.3 → 4; LEDGER 50 → 3; total 12.5 → pass
    const rows = csv(vitals('score', '--scheme', `${FIX}/mini-scheme.yaml`, '--data', `${FIX}/mini-obs.csv`, '--period', '2025').stdout);
    expect(rows.map((r) => [r.region, r.total, r.grade])).toEqual([['130100', '12.5', 'pass']]);
  });
});

describe('vitals score — errors', () => {
  it('asks for --period when the data are observations', () => {
    const out = vitals('score', '--scheme', `${FIX}/mini-scheme.yaml`, '--data', `${FIX}/mini-obs.csv`);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('give --period');
  });

  it('lists every scheme problem, in Chinese and English', () => {
    const bad = join(work, 'bad-scheme.yaml');
    const text = readFileSync(`${FIX}/mini-scheme.yaml`, 'utf8').replace('rule: bonus, params: { mode: value }', 'rule: lottery').replace('points: 14', 'points: 15');
    writeFileSync(bad, text);
    const out = vitals('score', '--scheme', bad, '--data', `${FIX}/mini-items.csv`);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('错误 VITALS_E_INVALID_CONFIG');
    expect(out.stderr).toContain('unknown scoring rule "lottery"');
    expect(out.stderr).toContain('base item points sum to 14 but the dimension declares 15');
  });

  it('names the file, row and column of bad data', () => {
    const bad = join(work, 'bad-items.csv');
    writeFileSync(bad, 'region,item,value\n130100,IMR,4.1\n130100,LE,n/a\n130100,NOPE,1\n');
    const out = vitals('score', '--scheme', `${FIX}/mini-scheme.yaml`, '--data', bad);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('row 3: column "value": "n/a" is not a number');
    expect(out.stderr).toContain('row 4: column "item": "NOPE" is not an item of scheme mini');
  });

  it('rejects an unknown ranking method', () => {
    const out = vitals('score', '--scheme', `${FIX}/mini-scheme.yaml`, '--data', `${FIX}/mini-items.csv`, '--rank-method', 'olympic');
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('VITALS_E_UNKNOWN_METHOD');
  });
});

describe('the Hebei demonstration scheme', () => {
  it('is valid, marked as a demonstration, and names only shipped indicators', () => {
    const raw = parseYaml(readFileSync(HEBEI, 'utf8'));
    const indicators = (parseYaml(readFileSync('content/indicators.yaml', 'utf8')) as { indicators: { code: string }[] }).indicators.map((i) => i.code);
    const { scheme, diagnostics } = validateScheme(raw, { knownIndicators: indicators });
    expect(diagnostics.all).toEqual([]);
    expect(scheme!.demonstration).toBe(true);
    expect(scheme!.name.zh).toContain('演示');
    expect(scheme!.totalPoints).toBe(100);
  });

  it('scores, grades and ranks the 11 cities on the synthetic demo data', () => {
    const out = vitals('score', '--scheme', HEBEI, '--data', `${FIX}/hebei-2025-demo.csv`, '--period', '2025', '--previous', `${FIX}/hebei-2024-ranks.csv`, '--peer-groups', `${FIX}/hebei-peer-groups.csv`);
    expect(out.code).toBe(0);
    const rows = csv(out.stdout);
    expect(rows).toHaveLength(11);
    expect(new Set(rows.map((r) => r.region)).size).toBe(11);
    // 130500 reported falsified data (VETO_DATA_FRAUD = 1): lowest grade whatever its score
    expect(rows.find((r) => r.region === '130500')).toMatchObject({ vetoed: 'true', grade: 'fail', veto_items: 'VETO_DATA_FRAUD' });
    // 131100 did not report MMR: listed as missing
    expect(rows.find((r) => r.region === '131100')!.missing_items).toBe('MMR');
    // ranks follow totals
    const totals = rows.map((r) => Number(r.total));
    expect([...totals].sort((a, b) => b - a)).toEqual(totals);
  });
});

import { describe, expect, it } from 'vitest';
import { Diagnostics } from '../core/diagnostics.js';
import { isConfirmed } from '../core/provenance.js';
import { parseTargetWording } from '../core/target/index.js';
import { loadIndicatorCatalogue } from './catalogue.js';
import { contentDir, readContentCsv, readContentYaml } from './files.js';
import { frameworksFromData, loadFrameworks } from './frameworks.js';
import { loadRegions } from './regions.js';
import type { ContentTarget } from './types.js';

const catalogue = loadIndicatorCatalogue();
const regions = loadRegions();
const frameworks = loadFrameworks({ catalogue, regions });
const allTargets = frameworks.flatMap((f) => f.targets);
const framework = (code: string) => frameworks.find((f) => f.code === code)!;

describe('loadFrameworks', () => {
  it('loads the four shipped frameworks, national plans before the provincial one', () => {
    expect(frameworks.map((f) => [f.code, f.level])).toEqual([
      ['healthy-china-2019-2030', 'nation'],
      ['healthy-china-assessment-2019', 'nation'],
      ['national-health-plan-14th', 'nation'],
      ['healthy-hebei-2023-2027', 'province'],
    ]);
  });

  it('gives every target its wording, source document, clause and verification flag', () => {
    const incomplete = allTargets.filter((t) => !t.wording.trim() || !t.provenance.source.document || !t.provenance.source.clause || !t.provenance.verification);
    expect(incomplete.map((t) => t.id)).toEqual([]);
    expect(new Set(allTargets.map((t) => t.id)).size).toBe(allTargets.length);
  });

  it('lets Hebei adopt national indicators from its parent plan', () => {
    const hebei = framework('healthy-hebei-2023-2027');
    expect(hebei.parent).toEqual({ code: 'healthy-china-2019-2030', version: '2019' });
    expect(hebei.adopts?.map((a) => a.indicator)).toContain('IMR');
  });
});

// The reference tables the national frameworks were transcribed from (shipped alongside).
const TABLES = {
  'hca_special_actions_headline_targets.csv': { key: (_: Record<string, string>, i: number) => i + 1, cell: (r: Record<string, string>, year: number) => r[`target_${year}`] },
  'hca_main_indicators_excerpt.csv': { key: (r: Record<string, string>) => Number(r.seq), cell: (r: Record<string, string>, year: number) => r[`target_${year}`] },
  'hca_assessment_framework_2022.csv': { key: (r: Record<string, string>) => Number(r.seq), cell: (r: Record<string, string>) => r.target_2022 },
  'nhp14_main_indicators.csv': { key: (r: Record<string, string>) => Number(r.id), cell: (r: Record<string, string>) => r.target_value },
} as const;

function sourceRow(target: ContentTarget): Record<string, string> {
  const table = TABLES[target.sourceTable as keyof typeof TABLES];
  const rows = readContentCsv(contentDir(), `frameworks/sources/${target.sourceTable}`);
  return rows.find((r, i) => table.key(r, i) === target.sourceRow)!;
}

describe('national targets against their reference tables', () => {
  const tabled = allTargets.filter((t) => t.sourceTable);

  it('cite a row for every national target', () => {
    const national = frameworks.filter((f) => f.level === 'nation').flatMap((f) => f.targets);
    expect(national.filter((t) => !t.sourceTable || !t.sourceRow).map((t) => t.id)).toEqual([]);
  });

  it('keep the row\'s verification flag verbatim (recalled rows stay unverified)', () => {
    const mismatched = tabled.filter((t) => {
      const row = sourceRow(t);
      // The excerpt table has no flag column: its rows are unverified.
      const expected = row.verification ?? 'recalled_unverified';
      return t.provenance.verification !== expected;
    });
    expect(mismatched.map((t) => `${t.id}: ${t.provenance.verification}`)).toEqual([]);
    const recalledConfirmed = tabled.filter((t) => (sourceRow(t).verification ?? 'recalled_unverified').startsWith('recalled') && isConfirmed(t.provenance.verification));
    expect(recalledConfirmed).toEqual([]);
  });

  it('keep the table cell as the wording', () => {
    const differing = tabled.filter((t) => {
      const table = TABLES[t.sourceTable as keyof typeof TABLES];
      return table.cell(sourceRow(t), t.milestoneYear) !== t.wording && !t.wording.startsWith('新发近视率'); // the 2030 近视率 cell, see below
    });
    expect(differing.map((t) => `${t.id}: ${t.wording}`)).toEqual([]);
    expect(sourceRow(allTargets.find((t) => t.indicator === 'MYOPIA_NEW_ONSET_RATE')!).target_2030).toBe('新发近视率明显下降');
  });

  it('cover every row of the headline, assessment and 14th FYP tables', () => {
    const rowsOf = (file: string) => readContentCsv(contentDir(), `frameworks/sources/${file}`).length;
    for (const file of ['hca_special_actions_headline_targets.csv', 'hca_assessment_framework_2022.csv', 'nhp14_main_indicators.csv']) {
      const cited = new Set(tabled.filter((t) => t.sourceTable === file).map((t) => t.sourceRow));
      expect(cited.size, file).toBe(rowsOf(file));
    }
  });
});

describe('specs against the wording parser', () => {
  // Where the parser is sure (confidence exact), it must read the wording as the spec says.
  // Deliberate differences, each with its reason:
  const EXCEPTIONS: Record<string, string> = {
    'healthy-hebei-2023-2027:MUNICIPAL_TERTIARY_GH_PER_MILLION@prefecture<130000:2025':
      '1–2 hospitals per 1–2 million people is stored per million (0.5–2); the parser reads the hospital count 1–2',
  };
  const indicators = new Map(catalogue.indicators.map((i) => [i.code, i]));

  it('agree wherever the parser reads the wording exactly', () => {
    let exact = 0;
    const disagreements: string[] = [];
    for (const t of allTargets) {
      const definition = indicators.get(t.indicator)!;
      const spec = t.spec;
      const parsed = parseTargetWording(t.wording, {
        polarity: definition.polarity,
        unit: definition.unit,
        milestoneYear: t.milestoneYear,
        ...(t.baseline ? { baselineYear: t.baseline.year } : {}),
        ...(spec.kind === 'proportional' ? { referenceIndicator: spec.referenceIndicator } : {}),
      });
      if (parsed.confidence !== 'exact') continue;
      exact += 1;
      if (JSON.stringify(parsed.spec) !== JSON.stringify(spec) && !EXCEPTIONS[t.id]) disagreements.push(`${t.id}: ${JSON.stringify(parsed.spec)}`);
    }
    expect(disagreements).toEqual([]);
    expect(exact).toBeGreaterThan(100); // the comparison is not vacuous
  });
});

describe('frameworksFromData', () => {
  const hebei = readContentYaml(contentDir(), 'frameworks/healthy-hebei-2023-2027.yaml') as Record<string, unknown>;
  const parent = { file: 'frameworks/healthy-china-2019-2030.yaml', data: readContentYaml(contentDir(), 'frameworks/healthy-china-2019-2030.yaml') };
  const errorsFor = (targets: unknown[]) => {
    const d = new Diagnostics();
    frameworksFromData([parent, { file: 'frameworks/test.yaml', data: { ...hebei, targets } }], catalogue, d, regions);
    return d.errors.map((e) => `${e.path.join(' → ')}: ${e.message}`);
  };
  const good = { indicator: 'BEDS_PER_1000', milestoneYear: 2025, wording: '7.5张', spec: { kind: 'threshold', op: 'ge', value: 7.5 }, clause: '二、总体目标' };

  it('accepts a well-formed target', () => {
    expect(errorsFor([good])).toEqual([]);
  });

  it.each([
    ['a missing clause', { ...good, clause: undefined }, 'frameworks/test.yaml → targets[0] BEDS_PER_1000 2025: clause is required (the section of the source document)'],
    ['an unknown verification flag', { ...good, verification: 'sure' }, 'frameworks/test.yaml → targets[0] BEDS_PER_1000 2025: verification "sure" is not one of confirmed_text, confirmed_text_tonghua_copy, confirmed_text_oriental_daily, confirmed_name_only, recalled_structure_confirmed, recalled_unverified, synthetic'],
    ['a bad spec', { ...good, spec: { kind: 'threshold', op: 'gte', value: 7.5 } }, 'frameworks/test.yaml → targets[0] BEDS_PER_1000 2025 → spec: op must be one of ge|gt|le|lt, got "gte"'],
    ['an unknown scope region', { ...good, scope: { region: '139999' } }, 'frameworks/test.yaml → target healthy-hebei-2023-2027:BEDS_PER_1000@139999:2025: scope region 139999 is not in the region list'],
    ['coverage below the scope level', { ...good, scope: { region: '130102' }, spec: { kind: 'coverage', subLevel: 'county', share: 1 } }, 'frameworks/test.yaml → target healthy-hebei-2023-2027:BEDS_PER_1000@130102:2025: coverage over county needs a scope above that level, not county'],
  ])('reports %s naming file, entry and field', (_, target, message) => {
    expect(errorsFor([target])).toContain(message);
  });
});

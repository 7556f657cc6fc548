import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseIndexConfig } from '../core/composite/index.js';
import { compileIndicators } from '../core/indicator/index.js';
import { loadIndicatorCatalogue } from './catalogue.js';
import { contentDir } from './files.js';
import { SYNTHETIC_COUNTY_ELEMENTS, SYNTHETIC_MONTHLY_ELEMENTS, SYNTHETIC_SURVEY_ELEMENTS } from './synthetic.js';

/**
 * The shipped demonstration index must compute on the shipped demo data: an index whose
 * indicators no demo data set holds returns no index rows at all (issue seen on the Health
 * index page, where a run gave 0 rows).
 */
describe('content/indices/hebei-health-index.yaml', () => {
  const raw = parse(readFileSync(join(contentDir(), 'indices', 'hebei-health-index.yaml'), 'utf8'));
  const config = parseIndexConfig(raw);
  const catalogue = loadIndicatorCatalogue();
  const { compiled } = compileIndicators(catalogue.dataElements, catalogue.indicators);

  it('stays marked as a demonstration', () => {
    expect(config.demonstration).toBe(true);
    expect(raw.name.zh).toContain('演示');
  });

  it('names only indicators whose data elements the synthetic Hebei data generates', () => {
    const synthetic = new Set<string>([...SYNTHETIC_COUNTY_ELEMENTS, ...SYNTHETIC_MONTHLY_ELEMENTS, ...SYNTHETIC_SURVEY_ELEMENTS]);
    const lacking = config.indicators
      .map((i) => ({ code: i.code, needs: [...(compiled.get(i.code)?.dependencies ?? ['(not in the catalogue)'])] }))
      .filter((i) => i.needs.some((e) => !synthetic.has(e)));
    expect(lacking).toEqual([]);
  });

  it('keeps English names whole (quoted in YAML flow maps)', () => {
    const stunting = raw.indicators.find((i: { code: string }) => i.code === 'STUNTING_U5');
    expect(stunting.name.en).toBe('Stunting prevalence, children under 5');
  });
});

/**
 * Loads the shipped content into a database: regions, the indicator catalogue, the
 * frameworks with their targets, and (optionally) the demo data — real published series and
 * the synthetic Hebei dataset. Everything happens in one transaction, so a failure leaves
 * the database as it was, and every step is an upsert, so loading twice changes nothing.
 */
import type { Kysely } from 'kysely';
import {
  generateSyntheticHebei,
  loadDemoObservations,
  loadFrameworks,
  loadIndicatorCatalogue,
  loadRegions,
  type LoadedFramework,
  type ObservationRow,
} from '../../content/index.js';
import type { Database } from '../../storage/database.js';
import { createRepositories, type Repositories, type UpsertResult } from '../../storage/repositories/index.js';
import type { DB } from '../../storage/schema.js';
import { saveDemoProfiles } from './demo-profile.js';

/** Seed of the synthetic Hebei dataset; fixed so every installation shows the same demo. */
export const DEMO_SEED = 2023;
export const CONTENT_ACTOR = 'system:content';

export interface LoadContentOptions {
  /** Load demo data values (real series and synthetic Hebei). Default true. */
  readonly demo?: boolean;
  /**
   * Save the demo evaluation profile (Healthy Hebei: default methods, demo scheme and index;
   * demo-profile.ts) when the framework has none. Needs `demo`. Default false, so that tests
   * loading demo data choose; `vitals start` and `vitals content load --demo` pass true, so a
   * fresh server's dashboards have scores and an index.
   */
  readonly profiles?: boolean;
  /** Load the 41,000 townships too. Default false. */
  readonly townships?: boolean;
  readonly seed?: number;
  readonly onProgress?: (message: string) => void;
}

export interface LoadContentReport {
  readonly regions: number;
  readonly dataElements: number;
  readonly indicators: number;
  readonly frameworks: number;
  readonly targets: number;
  readonly values: UpsertResult;
}

export async function loadContent(database: Database, options: LoadContentOptions = {}): Promise<LoadContentReport> {
  const progress = options.onProgress ?? (() => undefined);
  // Read and validate every file before touching the database.
  const regions = loadRegions({ townships: options.townships ?? false });
  const catalogue = loadIndicatorCatalogue();
  const frameworks = loadFrameworks({ catalogue, regions });
  const demo = options.demo ?? true;
  const observations: ObservationRow[] = demo
    ? [...loadDemoObservations({ catalogue, regions }), ...generateSyntheticHebei(options.seed ?? DEMO_SEED, { regions })]
    : [];

  return database.db.transaction().execute(async (trx: Kysely<DB>) => {
    const repos = createRepositories(trx);
    progress(`regions: ${regions.length}`);
    await repos.regions.upsertMany(regions);
    progress(`indicator catalogue: ${catalogue.dataElements.length} data elements, ${catalogue.indicators.length} indicators`);
    await repos.metadata.upsertDataElements(catalogue.dataElements);
    await repos.metadata.upsertIndicators(catalogue.indicators);
    let targets = 0;
    for (const framework of frameworks) targets += await storeFramework(repos, framework);
    progress(`frameworks: ${frameworks.length}, targets: ${targets}`);
    const values = await storeObservations(repos, observations);
    if (demo) progress(`demo values: ${values.inserted} new, ${values.updated} updated, ${values.unchanged} unchanged`);
    // The demo's default evaluation profile, so the dashboard's index and score ranking answer.
    if (demo && options.profiles === true) {
      const profiles = await saveDemoProfiles(trx, CONTENT_ACTOR);
      if (profiles.length > 0) progress(`evaluation profiles: ${profiles.join(', ')}`);
    }
    return {
      regions: regions.length,
      dataElements: catalogue.dataElements.length,
      indicators: catalogue.indicators.length,
      frameworks: frameworks.length,
      targets,
      values,
    };
  });
}

async function storeFramework(repos: Repositories, framework: LoadedFramework): Promise<number> {
  const version = frameworkVersion(framework.version);
  await repos.frameworks.upsertFramework({
    code: framework.code,
    version,
    name: framework.name,
    jurisdiction: framework.ownerRegion,
    startYear: framework.years.start,
    endYear: framework.years.end,
    ...(framework.parent ? { parent: { code: framework.parent.code, version: frameworkVersion(framework.parent.version) } } : {}),
    document: framework.source.document,
    status: 'active',
    ...(framework.provenance ? { provenance: framework.provenance } : {}),
  });
  const ref = { code: framework.code, version };
  await repos.frameworks.upsertGroups(
    ref,
    framework.groups.map((group, index) => ({ code: group.code, name: group.name, sortOrder: index })),
  );
  const own = framework.indicators.map((item, index) => ({
    indicator: item.indicator,
    group: item.group,
    nature: item.nature,
    kind: item.kind,
    ...(item.baseline ? { baseline: { year: item.baseline.year, value: item.baseline.value, text: item.baseline.wording } } : {}),
    sortOrder: index,
    ...(item.provenance ? { provenance: item.provenance } : {}),
  }));
  const adopted = (framework.adopts ?? []).map((item, index) => ({
    indicator: item.indicator,
    group: item.group,
    ...(item.nature ? { nature: item.nature } : {}),
    ...(item.kind ? { kind: item.kind } : {}),
    ...(item.baseline ? { baseline: { year: item.baseline.year, value: item.baseline.value, text: item.baseline.wording } } : {}),
    ...(framework.parent ? { adoptedFrom: { code: framework.parent.code, version: frameworkVersion(framework.parent.version) } } : {}),
    sortOrder: own.length + index,
    ...(item.provenance ? { provenance: item.provenance } : {}),
  }));
  await repos.frameworks.upsertFrameworkIndicators(ref, [...own, ...adopted]);
  return repos.targets.upsertTargets(framework.targets, { version });
}

/** Shipped versions are years as text ('2023'); storage numbers revisions. */
function frameworkVersion(version: string): number {
  const number = Number.parseInt(version, 10);
  return Number.isFinite(number) ? number : 1;
}

async function storeObservations(repos: Repositories, rows: readonly ObservationRow[]): Promise<UpsertResult> {
  if (rows.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
  return repos.dataValues.upsert(
    rows.map((row) => ({
      dataElement: row.indicator,
      region: row.region,
      period: row.period,
      ...(row.sex ? { sex: row.sex } : {}),
      value: row.value,
      source: row.source,
      verification: row.verification,
      ...(row.note ? { comment: row.note } : {}),
    })),
    { actor: CONTENT_ACTOR, reason: 'shipped content' },
  );
}

/**
 * The seeded benchmark generator (issue 6): realistic county and township series for the
 * `province` (Hebei) and `nation` profiles over the real division codes of `content/regions/`.
 * Rows are streamed to one CSV file per prefecture (`region_code,data_element,period,value`),
 * the shape a city office would submit; the files feed the product import, the raw COPY and
 * DuckDB alike. Nothing holds more than one region's rows in memory.
 *
 *   npx tsx bench/generate.ts --profile province [--out .vitals-data/bench]
 *
 * Series: a regional level (log-normal around the element's national rate per 1,000
 * population), a yearly trend, month weights for monthly elements, log-normal noise, Poisson
 * counts; about 3 % of rows are left out (not reported) and 0.2 % of counts are ten times too
 * large (a data-entry slip). Same seed → byte-identical files: every series has its own random
 * stream keyed by (seed, element, region), so the visiting order does not matter.
 */
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { once } from 'node:events';
import { loadRegions } from '../src/content/index.js';
import { Rng } from '../src/content/random.js';
import type { Region } from '../src/core/region/index.js';
import { PROFILES, seriesOf, unit, type ProfileName, type ProfileSpec, type SeriesSpec } from './profiles.js';

export const MISSING_SHARE = 0.03;
export const OUTLIER_SHARE = 0.002;
const BASE_YEAR = 2021;
/** Population drifts slowly down nationally (−0.2 %/year). */
const POPULATION_TREND = -0.002;

export interface Leaf {
  readonly code: string;
  readonly level: 'county' | 'township';
  /** Population in the base year. */
  readonly population: number;
}

export interface Group {
  /** The prefecture (or, for counties directly under a province, the province). */
  readonly code: string;
  readonly leaves: Leaf[];
}

export interface GeneratedFile {
  readonly group: string;
  readonly path: string;
  readonly rows: number;
}

export interface Manifest {
  readonly profile: ProfileName;
  readonly seed: number;
  readonly specKey: string;
  readonly counties: number;
  readonly townships: number;
  readonly elements: number;
  /** Cells visited (region × element × period), then what was written or left out. */
  readonly cells: number;
  readonly rows: number;
  readonly missing: number;
  readonly outliers: number;
  readonly files: readonly GeneratedFile[];
  readonly seconds: number;
}

/**
 * The leaves of a profile, grouped by prefecture. Statistical-only zones (development zones,
 * 管理区) are not administrative counties and get no data, nor do their townships.
 */
export function profileGroups(profile: ProfileSpec): Group[] {
  const regions = loadRegions({ townships: true });
  const byCode = new Map(regions.map((r) => [r.code, r]));
  const provinceOf = (r: Region): string => (r.level === 'province' ? r.code : provinceOf(byCode.get(r.parentCode!)!));
  const inProfile = (r: Region) => profile.provinces === null || profile.provinces.includes(provinceOf(r));
  const groups = new Map<string, Leaf[]>();
  const add = (group: string, leaf: Leaf) => (groups.get(group) ?? groups.set(group, []).get(group)!).push(leaf);
  const countyGroup = new Map<string, string>();
  for (const r of regions) {
    if (r.level !== 'county' || r.statisticalOnly || !inProfile(r)) continue;
    const rng = Rng.for(profile.seed, `population|${r.code}`);
    const district = r.name.endsWith('区');
    const population = Math.round(Math.min(2_500_000, Math.max(30_000, rng.logNormal(district ? 550_000 : 400_000, 0.5))));
    countyGroup.set(r.code, r.parentCode!);
    add(r.parentCode!, { code: r.code, level: 'county', population });
  }
  for (const r of regions) {
    if (r.level !== 'township' || !inProfile(r)) continue;
    const parent = byCode.get(r.parentCode!)!;
    // Townships of 东莞/中山/儋州 hang under the prefecture itself; those of statistical zones get none.
    const group = parent.level === 'prefecture' ? parent.code : countyGroup.get(parent.code);
    if (group === undefined) continue;
    const population = Math.round(Math.max(2_000, Rng.for(profile.seed, `population|${r.code}`).logNormal(30_000, 0.6)));
    add(group, { code: r.code, level: 'township', population });
  }
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([code, leaves]) => ({ code, leaves }));
}

export interface Cell {
  readonly period: string;
  /** null: left out (not reported). */
  readonly value: number | null;
  readonly outlier: boolean;
}

const monthCode = (year: number, month: number) => `${year}M${month < 9 ? '0' : ''}${month + 1}`;

/** Every cell of one series at one leaf, in period order. */
export function* seriesCells(series: SeriesSpec, leaf: Leaf, profile: ProfileSpec): Generator<Cell> {
  const rng = Rng.for(profile.seed, `${series.code}|${leaf.code}`);
  const regional = rng.logNormal(1, 0.25);
  const regionalTrend = rng.normal(0, 0.01);
  const healthyFrom = 2017 + Math.floor(unit(profile.seed, `healthy|${leaf.code}`) * 12);
  const leOffset = rng.normal(0, 1.5);
  for (let year = profile.firstYear; year <= profile.lastYear; year++) {
    const t = year - BASE_YEAR;
    const population = leaf.population * (1 + POPULATION_TREND) ** t;
    const growth = (1 + series.trend + regionalTrend) ** t;
    const months = series.periodType === 'month' ? 12 : 1;
    for (let m = 0; m < months; m++) {
      const missing = rng.next() < MISSING_SHARE;
      const slip = rng.next() < OUTLIER_SHARE;
      const noise = rng.logNormal(1, series.noise);
      const season = series.season ? series.season[m]! / 12 : 1;
      let value: number;
      switch (series.kind) {
        case 'population':
          value = Math.round(population * noise);
          break;
        case 'count':
          value = rng.poisson((population / 1000) * series.base * regional * growth * season * noise);
          break;
        case 'stock':
          value = Math.round((population / 1000) * series.base * regional * growth * noise);
          break;
        case 'level':
          value = Math.round((series.base * growth + leOffset) * noise * 100) / 100;
          break;
        case 'flag':
          value = year >= healthyFrom ? 1 : 0;
          break;
      }
      const outlier = slip && (series.kind === 'count' || series.kind === 'stock') && value > 0;
      yield { period: months === 12 ? monthCode(year, m) : String(year), value: missing ? null : outlier ? value * 10 : value, outlier: outlier && !missing };
    }
  }
}
/** A key that changes whenever the generated content would. */
export function specKey(profile: ProfileSpec): string {
  return JSON.stringify({ ...profile, v: 1, missing: MISSING_SHARE, outliers: OUTLIER_SHARE });
}

/**
 * Write the profile's CSV files into `dir` (reusing them when a manifest with the same spec is
 * there) and return the manifest.
 */
export async function generateProfile(profile: ProfileSpec, dir: string, log: (m: string) => void = () => undefined): Promise<Manifest> {
  const manifestPath = join(dir, 'manifest.json');
  if (existsSync(manifestPath)) {
    const old = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
    if (old.specKey === specKey(profile) && old.files.every((f) => existsSync(f.path))) return old;
  }
  mkdirSync(dir, { recursive: true });
  const started = performance.now();
  const groups = profileGroups(profile);
  const { county, township } = seriesOf(profile);
  let cells = 0;
  let rows = 0;
  let missing = 0;
  let outliers = 0;
  const files: GeneratedFile[] = [];
  for (const group of groups) {
    const path = join(dir, `${group.code}.csv`);
    const out = createWriteStream(path);
    let buffer = 'region_code,data_element,period,value\n';
    let fileRows = 0;
    for (const leaf of group.leaves) {
      for (const series of leaf.level === 'county' ? county : township) {
        for (const cell of seriesCells(series, leaf, profile)) {
          cells++;
          if (cell.value === null) {
            missing++;
            continue;
          }
          if (cell.outlier) outliers++;
          buffer += `${leaf.code},${series.code},${cell.period},${cell.value}\n`;
          fileRows++;
        }
      }
      if (buffer.length > 1 << 20) {
        if (!out.write(buffer)) await once(out, 'drain');
        buffer = '';
      }
    }
    out.end(buffer);
    await once(out, 'finish');
    rows += fileRows;
    files.push({ group: group.code, path: resolve(path), rows: fileRows });
    if (files.length % 20 === 0) log(`generated ${files.length}/${groups.length} files, ${rows.toLocaleString('en')} rows`);
  }
  const manifest: Manifest = {
    profile: profile.name, seed: profile.seed, specKey: specKey(profile),
    counties: groups.reduce((n, g) => n + g.leaves.filter((l) => l.level === 'county').length, 0),
    townships: groups.reduce((n, g) => n + g.leaves.filter((l) => l.level === 'township').length, 0),
    elements: county.length + township.length, cells, rows, missing, outliers, files,
    seconds: (performance.now() - started) / 1000,
  };
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 1));
  return manifest;
}

async function main(): Promise<void> {
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  const name = (arg('--profile') ?? 'province') as ProfileName;
  const profile = PROFILES[name];
  if (!profile) throw new Error(`unknown profile ${name} (province | nation)`);
  const dir = join(arg('--out') ?? '.vitals-data/bench', name);
  const m = await generateProfile(profile, dir, (s) => process.stderr.write(`${s}\n`));
  process.stdout.write(`${name}: ${m.counties} counties, ${m.townships} townships, ${m.elements} elements; ${m.cells.toLocaleString('en')} cells → ${m.rows.toLocaleString('en')} rows (${m.missing.toLocaleString('en')} missing, ${m.outliers} outliers) in ${m.files.length} files, ${m.seconds.toFixed(1)} s\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  main().catch((error) => {
    process.stderr.write(`${error?.stack ?? error}\n`);
    process.exitCode = 1;
  });
}

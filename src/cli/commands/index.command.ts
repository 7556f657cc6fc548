/**
 * `vitals index`: compute a composite index (健康指数) from a definition (YAML/JSON) and an
 * observations CSV, for one period or every period in the file, optionally with a seeded Monte
 * Carlo sensitivity analysis.
 *
 *   vitals index --config content/indices/hebei-health-index.yaml --data obs.csv \
 *     [--period 2025] [--sensitivity 1000 --seed 42] [--format csv|json] [--out file]
 */
import type { Command } from 'commander';
import { computeIndex, parseIndexConfig, type IndexConfig, type IndexResult, type NodeSpec, type Observation } from '../../core/composite/index.js';
import { VitalsError } from '../../core/errors.js';
import { isPeriodCode } from '../../core/period/index.js';
import { readConfigFile, readCsvRecords, requireColumn, writeRows } from '../files.js';
import { outputOptions, parseWholeNumber, withOutputOptions } from '../options.js';

interface IndexOptions {
  config: string;
  data: string;
  period?: string;
  sensitivity?: string;
  seed: string;
  format?: string;
  out?: string;
}

export function register(program: Command): void {
  const command = program
    .command('index')
    .description('计算综合指数（健康指数）/ compute a composite index from a definition and observations')
    .requiredOption('--config <file>', 'index definition, YAML or JSON')
    .requiredOption('--data <file>', 'observations CSV: region,indicator,period,value (empty value = missing)')
    .option('--period <code>', 'compute this period only (e.g. 2025, 2025Q3, 2025M07); default every period in the data')
    .option('--sensitivity <replicates>', 'Monte Carlo replicates for the rank uncertainty analysis (e.g. 1000)')
    .option('--seed <n>', 'seed of the Monte Carlo generator', '42');
  withOutputOptions(command, 'csv (one row per period × region) or json (full provenance)').action((options: IndexOptions) => runIndex(options));
}

function runIndex(options: IndexOptions): void {
  const output = outputOptions(options);
  const config = parseIndexConfig(readConfigFile(options.config));
  const observations = readObservations(options.data);
  if (options.period !== undefined && !isPeriodCode(options.period)) {
    throw new VitalsError('VITALS_E_INVALID_PERIOD', { value: options.period });
  }
  const sensitivity = options.sensitivity === undefined ? undefined : { replicates: parseWholeNumber(options.sensitivity, '--sensitivity', { min: 1 }), seed: parseWholeNumber(options.seed, '--seed') };
  const results = computeIndex(config, observations, {
    ...(options.period ? { period: options.period } : {}),
    ...(sensitivity ? { sensitivity } : {}),
  });
  if (output.format === 'json') {
    writeRows(results, output);
    return;
  }
  for (const r of results) for (const w of r.warnings) process.stderr.write(`警告 warning ${w.code} [${r.period}] ${w.path.slice(2).join(' → ')}: ${w.message}\n`);
  writeRows(results.flatMap((r) => summaryRows(config, r)), output);
}

function readObservations(path: string): Observation[] {
  return readCsvRecords(path).map((record, i) => {
    const unit = requireColumn(record, 'region', i, path);
    const indicator = requireColumn(record, 'indicator', i, path);
    const period = requireColumn(record, 'period', i, path);
    if (!isPeriodCode(period)) {
      throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `${path} row ${i + 2}, column "period": "${period}" is not a period code (2025, 2025H1, 2025Q3, 2025M07)` });
    }
    const text = record.value ?? '';
    const value = text === '' ? null : Number(text);
    if (value !== null && !Number.isFinite(value)) {
      throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `${path} row ${i + 2}, column "value": "${text}" is not a number` });
    }
    return { unit, indicator, period, value };
  });
}

/** Sub-index codes below the root, in definition order. */
function subIndexCodes(node: NodeSpec): string[] {
  return node.children.flatMap((c) => (typeof c === 'string' ? [] : [c.code, ...subIndexCodes(c)]));
}

/** One row per region: index, rank, sub-indices, then TOPSIS and RSR columns when configured (empty when skipped for missing data), sensitivity columns when computed. */
function summaryRows(config: IndexConfig, r: IndexResult): Array<Record<string, string | number | null>> {
  const root = config.structure.code;
  const subs = subIndexCodes(config.structure);
  const score = new Map(r.scores.map((s) => [`${s.node}|${s.unit}`, s]));
  const rows = r.units.map((unit) => {
    const top = score.get(`${root}|${unit}`)!;
    const row: Record<string, string | number | null> = { period: r.period, region: unit, index: top.value, rank: top.rank };
    for (const code of subs) row[code] = score.get(`${code}|${unit}`)?.value ?? null;
    const t = r.topsis?.units.find((u) => u.unit === unit);
    if (config.topsis) Object.assign(row, { topsis_c: t?.closeness ?? null, topsis_rank: t?.rank ?? null });
    const s = r.rsr?.units.find((u) => u.unit === unit);
    if (config.rsr) Object.assign(row, { rsr: s?.rsr ?? null, rsr_probit: s?.probit ?? null, rsr_grade: s?.grade ?? null });
    const m = r.sensitivity?.units.find((u) => u.unit === unit);
    if (r.sensitivity) Object.assign(row, { median_rank: m?.medianRank ?? null, rank_p05: m?.rankP05 ?? null, rank_p95: m?.rankP95 ?? null });
    return row;
  });
  // Best first; unranked (missing) last, then by region code.
  return rows.sort((a, b) => ((a.rank as number | null) ?? Infinity) - ((b.rank as number | null) ?? Infinity) || String(a.region).localeCompare(String(b.region)));
}

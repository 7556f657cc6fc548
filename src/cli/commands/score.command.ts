/**
 * `vitals score`: score regions with an assessment scheme (YAML/JSON) on plain CSV files,
 * grade them and rank them (overall, within peer groups, change from last year).
 *
 *   vitals score --scheme content/schemes/hebei-city-assessment.yaml --data data.csv \
 *     [--period 2025] [--previous previous.csv] [--peer-groups groups.csv] [--detail items] [--format csv|json]
 */
import type { Command } from 'commander';
import { VitalsError } from '../../core/errors.js';
import { buildRankingTable, requireRankMethod, type RankingRow } from '../../core/ranking/index.js';
import {
  inputsFromItemRows,
  inputsFromObservations,
  parseScheme,
  roundTo,
  scoreRegions,
  type RegionScore,
  type Scheme,
} from '../../core/scoring/index.js';
import { readConfigFile, readCsvRecords, requireColumn, writeRows, type CsvRecord } from '../files.js';
import { outputOptions, parseWholeNumber, withOutputOptions } from '../options.js';

interface ScoreOptions {
  scheme: string;
  data: string;
  period?: string;
  previous?: string;
  peerGroups?: string;
  rankMethod: string;
  tieDecimals: string;
  detail: string;
  format?: string;
  out?: string;
}

export function register(program: Command): void {
  const command = program
    .command('score')
    .description('按考核方案评分、定等次并排名 / score, grade and rank regions with an assessment scheme')
    .requiredOption('--scheme <file>', 'assessment scheme, YAML or JSON')
    .requiredOption('--data <file>', 'CSV: region,item,value[,attained,previous,target,status] or observations region,indicator,period,value')
    .option('--period <code>', 'period to score when --data holds observations (e.g. 2025); previous = same period a year earlier')
    .option('--previous <file>', "CSV region,rank: last year's overall ranks")
    .option('--peer-groups <file>', 'CSV region,group: peer group of each region')
    .option('--rank-method <method>', 'competition (1224), dense (1223) or ordinal (1234)', 'competition')
    .option('--tie-decimals <n>', 'scores equal at this many decimals tie', '2')
    .option('--detail <level>', 'summary (one row per region) or items (one row per region × item)', 'summary');
  withOutputOptions(command).action((options: ScoreOptions) => runScore(options));
}

function runScore(options: ScoreOptions): void {
  const output = outputOptions(options);
  if (options.detail !== 'summary' && options.detail !== 'items') {
    throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `--detail must be summary or items, got "${options.detail}"` });
  }
  const method = requireRankMethod(options.rankMethod);
  const decimals = parseWholeNumber(options.tieDecimals, '--tie-decimals', { min: 0, max: 10 });
  const scheme = parseScheme(readConfigFile(options.scheme));
  const scores = scoreRegions(scheme, readInputs(scheme, options));
  const groups = options.peerGroups ? readPairs(options.peerGroups, 'group') : new Map<string, string>();
  const previousRanks = options.previous ? readPreviousRanks(options.previous) : undefined;
  const table = buildRankingTable(
    scores.map((s) => ({ code: s.region, score: s.total, group: groups.get(s.region) ?? null })),
    { method, decimals, ...(previousRanks ? { previousRanks } : {}) },
  );
  const byRegion = new Map(scores.map((s) => [s.region, s]));
  const ordered = table.rows.map((row) => ({ row, score: byRegion.get(row.code)! }));
  if (options.detail === 'items') {
    writeRows(ordered.flatMap(({ score }) => itemRows(score)), output);
  } else if (output.format === 'json') {
    writeRows(ordered.map(({ row, score }) => ({ ...score, ranking: { ...row, provenance: table.provenance } })), output);
  } else {
    writeRows(ordered.map(({ row, score }) => summaryRow(scheme, row, score)), output);
  }
}

/** The data layout is told apart by its header: `item` → item rows; `indicator` + `period` → observations. */
function readInputs(scheme: Scheme, options: ScoreOptions) {
  const rows = readCsvRecords(options.data);
  if (rows.length === 0) throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `${options.data}: no data rows` });
  const columns = Object.keys(rows[0]!);
  if (columns.includes('item')) return inputsFromItemRows(rows, scheme, options.data);
  if (columns.includes('indicator') && columns.includes('period')) {
    if (!options.period) throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `${options.data} holds observations: give --period (e.g. --period 2025)` });
    return inputsFromObservations(rows, scheme, options.period, options.data);
  }
  throw new VitalsError('VITALS_E_INVALID_INPUT', {
    detail: `${options.data}: expected columns region,item,value[,attained,previous,target,status] or region,indicator,period,value; got ${columns.join(',')}`,
  });
}

function readPairs(path: string, column: string): Map<string, string> {
  const out = new Map<string, string>();
  readCsvRecords(path).forEach((record: CsvRecord, index) => {
    const region = requireColumn(record, 'region', index, path);
    if (out.has(region)) throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `${path} row ${index + 2}: region ${region} appears twice` });
    out.set(region, requireColumn(record, column, index, path));
  });
  return out;
}

function readPreviousRanks(path: string): Map<string, number> {
  const ranks = new Map<string, number>();
  for (const [region, text] of readPairs(path, 'rank')) {
    const rank = Number(text);
    if (!Number.isInteger(rank) || rank < 1) throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `${path}: rank of ${region} must be a positive integer, got "${text}"` });
    ranks.set(region, rank);
  }
  return ranks;
}

// CSV booleans spelled out: csv-stringify would write true as 1 and false as an empty cell.
const r4 = (x: number) => roundTo(x, 4);

function summaryRow(scheme: Scheme, row: RankingRow, score: RegionScore): Record<string, unknown> {
  const dims = Object.fromEntries(score.dimensions.map((d) => [`dim_${d.code}`, r4(d.earned)]));
  return {
    region: score.region,
    total: r4(score.total),
    max_total: scheme.totalPoints,
    grade: score.grade,
    grade_zh: score.gradeLabel.zh,
    grade_en: score.gradeLabel.en,
    rank: row.rank,
    tied: String(row.tiedWith > 1),
    group: row.group ?? '',
    group_rank: row.groupRank ?? '',
    previous_rank: row.previousRank ?? '',
    rank_change: row.change ?? '',
    movement: row.movement,
    base: r4(score.base),
    bonus: r4(score.bonus),
    deductions: r4(score.deductions),
    vetoed: String(score.vetoed),
    veto_items: score.vetoItems.join(' '),
    ...dims,
    missing_items: score.items.filter((i) => i.missing).map((i) => i.item).join(' '),
    notes_zh: score.notes.map((n) => n.zh).join('；'),
    notes_en: score.notes.map((n) => n.en).join('; '),
  };
}

function itemRows(score: RegionScore): Record<string, unknown>[] {
  return score.items.map((i) => ({
    region: score.region,
    dimension: i.dimension,
    item: i.item,
    indicator: i.indicator ?? '',
    rule: i.rule,
    category: i.category,
    earned: r4(i.earned),
    max: i.max,
    points: i.points,
    value: i.used.value ?? '',
    previous: i.used.previous ?? '',
    target: i.used.target ?? '',
    missing: String(i.missing),
    why_zh: i.why.zh,
    why_en: i.why.en,
  }));
}

/**
 * Evaluation over stored data:
 *
 *   vitals evaluate --framework healthy-hebei-2023-2027 --region 130000 --year 2025 \
 *     [--methods trajectory,statcan] [--scheme scheme.yaml] [--index index.yaml] [--publish] [--actor NAME]
 *   vitals results --run 12 [--kind attainment] [--region 130100] [--indicator IMR] [--status not_attained] [--format csv|json] [--out file]
 *   vitals aggregates rebuild --region 130000 [--elements LIVE_BIRTHS,INFANT_DEATHS]
 *   vitals aggregates verify --region 130000
 *
 * `evaluate` prints a summary (counts by status, top lagging indicators) and the run id on
 * stdout; `results` writes the snapshot's rows. See docs/evaluation-runs.md.
 */
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { VitalsError } from '../../core/errors.js';
import { AggregateService, EvaluationService, type RunSummary } from '../../services/evaluation/index.js';
import type { ResultKind } from '../../storage/repositories/evaluation.repository.js';
import { progressLine, withDatabase } from '../database.js';
import { readConfigFile, writeRows } from '../files.js';
import { outputOptions, parseWholeNumber, withOutputOptions } from '../options.js';

interface EvaluateOptions {
  framework: string;
  region: string;
  year: string;
  methods?: string;
  scheme?: string;
  index?: string;
  indexLevel?: string;
  publish?: boolean;
  actor?: string;
}

interface ResultsOptions {
  run: string;
  kind?: string;
  region?: string;
  indicator?: string;
  status?: string;
  format?: string;
  out?: string;
}

/** A plain-text table with padded columns. */
export function formatTable(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const cells = [header, ...rows.map((r) => r.map(String))];
  // CJK characters take two columns in a terminal.
  const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1), 0);
  const widths = header.map((_, c) => Math.max(...cells.map((r) => width(r[c] ?? ''))));
  return cells.map((r) => r.map((cell, c) => cell + ' '.repeat(widths[c]! - width(cell))).join('  ').trimEnd()).join('\n');
}

/** The summary block `vitals evaluate` prints. */
export function formatSummary(run: { id: number; frameworkCode: string; frameworkVersion: number; scopeRegion: string; year: number; inputsHash: string; inputCount: number; published: boolean }, summary: RunSummary): string {
  const counts = Object.entries(summary.counts).flatMap(([kind, byStatus]) =>
    Object.entries(byStatus).sort(([a], [b]) => (a < b ? -1 : 1)).map(([status, n]) => [kind, status, n] as const),
  );
  const lines = [
    `评估运行 / evaluation run ${run.id}: ${run.frameworkCode} v${run.frameworkVersion}, ${run.scopeRegion}, ${run.year}${run.published ? ' (已发布 / published)' : ''}`,
    `地区 / regions ${summary.regions}, 指标 / indicators ${summary.indicators}, 结果 / results ${summary.results}`,
    `输入哈希 / inputs hash ${run.inputsHash} (${run.inputCount} inputs)`,
    '',
    formatTable(['kind', 'status', 'count'], counts),
  ];
  if (summary.topLagging.length > 0) {
    lines.push('', '进展滞后最多的指标 / top lagging indicators', formatTable(['indicator', 'lagging', 'regions', 'e.g.'], summary.topLagging.map((l) => [l.indicator, l.lagging, l.regionCount, l.regions.join(' ')])));
  }
  for (const note of summary.notes) lines.push(`注 / note: ${note}`);
  lines.push('', `run id: ${run.id}`);
  return lines.join('\n') + '\n';
}

/** `2025` or `2019-2025` (inclusive, at most 50 years). */
export function parseYears(text: string): number[] {
  const range = /^\s*(\d+)\s*[-–]\s*(\d+)\s*$/.exec(text);
  if (!range) return [parseWholeNumber(text, '--year', { min: 1 })];
  const from = parseWholeNumber(range[1]!, '--year', { min: 1 });
  const to = parseWholeNumber(range[2]!, '--year', { min: from, max: from + 49 });
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

export function register(program: Command): void {
  program
    .command('evaluate')
    .description('评估框架并保存结果快照 / evaluate a framework over stored data and keep a result snapshot')
    .requiredOption('--framework <code>', 'framework code, e.g. healthy-hebei-2023-2027')
    .requiredOption('--region <code>', 'scope root, e.g. 130000 (the region and everything below it)')
    .requiredOption('--year <year>', 'evaluation year, e.g. 2025, or a range for the full evaluation, e.g. 2019-2025 (one run per year)')
    .option('--methods <names>', 'progress methods, comma-separated (default: the framework profile, else trajectory,statcan)')
    .option('--scheme <file>', 'assessment scheme (YAML/JSON): scores, grades and ranks')
    .option('--index <file>', 'index definition (YAML/JSON): index values')
    .option('--index-level <level>', 'level the index compares (default: the first level below the region)')
    .option('--publish', 'publish the run at once')
    .option('--actor <name>', 'who runs it (recorded; default cli:<user>)')
    .action(async (options: EvaluateOptions) => {
      const years = parseYears(options.year);
      const methods = options.methods?.split(',').map((m) => m.trim()).filter(Boolean);
      const input = {
        framework: options.framework, region: options.region, actor: options.actor ?? `cli:${userInfo().username}`,
        ...(methods ? { methods } : {}), ...(options.scheme ? { scheme: readConfigFile(options.scheme) } : {}),
        ...(options.index ? { indexConfig: readConfigFile(options.index) } : {}), ...(options.indexLevel ? { indexLevel: options.indexLevel } : {}),
        ...(options.publish ? { publish: true } : {}),
      };
      // A range is the full evaluation: one call shares readings and targets across its years.
      const outcomes = await withDatabase((database) => {
        const service = new EvaluationService(database.db);
        return years.length === 1 ? service.run({ ...input, year: years[0]! }).then((o) => [o]) : service.runYears({ ...input, years });
      });
      if (outcomes.some((o) => o.aggregatesRebuilt)) progressLine('汇总表已重建 / aggregates rebuilt before the run');
      process.stdout.write(outcomes.map((o) => formatSummary(o.run, o.summary)).join('\n'));
    });

  const resultsCommand = program
    .command('results')
    .description('导出评估运行的结果 / write the results of an evaluation run')
    .requiredOption('--run <id>', 'run id (printed by vitals evaluate)')
    .option('--kind <kind>', 'value | attainment | progress | warning | score | rank | index')
    .option('--region <code>', 'one region')
    .option('--indicator <code>', 'one indicator')
    .option('--status <status>', 'one status, e.g. not_attained');
  withOutputOptions(resultsCommand).action(async (options: ResultsOptions) => {
    const output = outputOptions(options);
    const id = parseWholeNumber(options.run, '--run', { min: 1 });
    const { run, results } = await withDatabase((database) =>
      new EvaluationService(database.readDb).results(id, {
        ...(options.kind ? { kind: options.kind as ResultKind } : {}), ...(options.region ? { region: options.region } : {}),
        ...(options.indicator ? { indicator: options.indicator } : {}), ...(options.status ? { status: options.status } : {}),
      }),
    );
    const rows = results.map((r) => ({
      run_id: run.id, ordinal: r.ordinal, region: r.region, indicator: r.indicator ?? '', milestone_year: r.milestoneYear ?? '', period: r.period,
      kind: r.kind, method: r.method, status: r.status, value: r.value ?? '', gap_absolute: r.gapAbsolute ?? '', gap_percent: r.gapPercent ?? '',
      required: r.required, provenance: r.provenance,
    }));
    writeRows(output.format === 'json' ? results.map((r) => ({ ...r, inputsHash: run.inputsHash })) : rows, output);
  });

  const aggregates = program.command('aggregates').description('汇总表：重建与一致性检查 / materialised aggregates: rebuild and verify');
  aggregates
    .command('rebuild')
    .description('rebuild a province’s aggregates from its final data')
    .requiredOption('--region <code>', 'a province code (or any region in it)')
    .option('--elements <codes>', 'only these data elements, comma-separated')
    .action(async (options: { region: string; elements?: string }) => {
      const elements = options.elements?.split(',').map((e) => e.trim()).filter(Boolean);
      const report = await withDatabase((database) => new AggregateService(database.db).rebuild({ region: options.region, ...(elements ? { elements } : {}) }));
      process.stdout.write(
        `${report.provinceCode}: ${report.rows} aggregates from ${report.values} values of ${report.elements} data elements in ${report.milliseconds} ms\n` +
          Object.entries(report.ignored).map(([reason, n]) => `  not rolled up: ${reason} × ${n}\n`).join('') +
          report.problems.map((p) => `  problem: ${p}\n`).join(''),
      );
    });
  aggregates
    .command('verify')
    .description('check that the stored aggregates equal a full recomputation')
    .requiredOption('--region <code>', 'a province code (or any region in it)')
    .action(async (options: { region: string }) => {
      const report = await withDatabase((database) => new AggregateService(database.readDb).verify(options.region));
      process.stdout.write(`${report.provinceCode}: ${report.compared} aggregates compared, ${report.differences} differences\n`);
      for (const m of report.mismatches.slice(0, 20)) process.stdout.write(`  ${m.key} ${m.field}: stored ${JSON.stringify(m.stored)}, expected ${JSON.stringify(m.expected)}\n`);
      if (!report.ok) process.exitCode = 8;
    });
}

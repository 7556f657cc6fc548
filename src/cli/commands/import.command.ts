/**
 * `vitals import FILE`: load data values from CSV, XLSX, JSON or DHIS2 dataValueSets JSON into
 * the database named by the environment (DATABASE_URL, or embedded PGlite in VITALS_DATA_DIR).
 * Prints the report (every problem with row, column and reason, in zh and en) on stdout,
 * progress on stderr; exits 3 when the file was rejected.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { Command, Option } from 'commander';
import { VitalsError } from '../../core/errors.js';
import {
  createProgressPrinter,
  formatReport,
  importDataValues,
  parseIdMap,
  rejectionError,
  type EncodingChoice,
  type ImportFormat,
  type ImportOptions,
} from '../../services/import/index.js';
import { withDatabase } from '../database.js';
import { refreshDashboardsBeforeCommit } from '../../services/dashboard/index.js';

/** The acting user: --user, then VITALS_USER, then the login name. */
export function actorFrom(user: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (user?.trim()) return user.trim();
  if (env.VITALS_USER?.trim()) return env.VITALS_USER.trim();
  try {
    return userInfo().username || 'cli';
  } catch {
    return 'cli';
  }
}

interface ImportCliOptions {
  format: ImportFormat | 'auto';
  encoding: EncodingChoice;
  dryRun?: boolean;
  partial?: boolean;
  user?: string;
  reason?: string;
  sheet?: string;
  idMap?: string;
  report?: string;
  lang: 'zh' | 'en' | 'both';
  changes?: boolean;
}

function readIdMap(path: string) {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `--id-map ${path}: ${(error as Error).message}` });
  }
  return parseIdMap(json, path);
}

export function register(program: Command): void {
  program
    .command('import')
    .description('导入数据值 / import data values (CSV, XLSX, JSON, DHIS2 dataValueSets JSON); see docs/import.md')
    .argument('<file>', 'the file to import')
    .addOption(new Option('--format <format>', 'file format').choices(['auto', 'csv', 'xlsx', 'json', 'dhis2']).default('auto'))
    .option('--dry-run', 'report what would change; write no data values')
    .option('--partial', 'load the valid rows even when other rows have errors')
    .addOption(new Option('--encoding <encoding>', 'text encoding of CSV/JSON').choices(['auto', 'utf8', 'gb18030']).default('auto'))
    .option('--user <name>', 'who imports (default: VITALS_USER or the login name)')
    .option('--reason <text>', 'why, for the audit log (default: import <file name>)')
    .option('--sheet <name>', 'XLSX worksheet to read')
    .option('--id-map <file>', 'DHIS2 id map (JSON): dataElements, orgUnits, categoryOptionCombos')
    .option('--report <file>', 'also write the full report as JSON')
    .option('--changes', 'list the planned changes (first 200)')
    .addOption(new Option('--lang <lang>', 'report language').choices(['zh', 'en', 'both']).default('both'))
    .action(async (file: string, options: ImportCliOptions) => {
      const idMap = options.idMap ? readIdMap(options.idMap) : undefined;
      const chunk = Number(process.env.VITALS_IMPORT_CHUNK_SIZE);
      const interval = Number(process.env.VITALS_PROGRESS_INTERVAL_MS);
      const progress = createProgressPrinter(process.stderr, Number.isFinite(interval) && interval > 0 ? { intervalMs: interval } : {});
      const importOptions: ImportOptions = {
        actor: actorFrom(options.user),
        format: options.format,
        encoding: options.encoding,
        dryRun: !!options.dryRun,
        partial: !!options.partial,
        ...(options.reason ? { reason: options.reason } : {}),
        ...(options.sheet ? { sheet: options.sheet } : {}),
        ...(idMap ? { idMap } : {}),
        ...(Number.isInteger(chunk) && chunk > 0 ? { writeChunkSize: chunk } : {}),
        onProgress: progress,
        // Imported values count as final: the dashboards change in the import's own transaction.
        beforeCommit: refreshDashboardsBeforeCommit,
      };
      try {
        const report = await withDatabase((database) => importDataValues(database.db, { path: file }, importOptions));
        progress.end();
        if (options.report) writeFileSync(options.report, JSON.stringify(report, null, 2) + '\n');
        process.stdout.write(formatReport(report, { language: options.lang, showChanges: !!options.changes || !!options.dryRun }));
        if (report.status === 'rejected') throw rejectionError(report);
      } finally {
        progress.end();
      }
    });
}

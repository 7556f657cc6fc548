/**
 * `vitals export --out FILE`: write data values as CSV, XLSX, JSON or DHIS2 dataValueSets JSON,
 * filtered by data element, region subtree and period range. The format follows the file
 * extension unless --format says otherwise.
 */
import { createWriteStream, readFileSync, rmSync } from 'node:fs';
import { extname } from 'node:path';
import { Command, Option } from 'commander';
import { VitalsError } from '../../core/errors.js';
import { exportDataValues, type ExportFormat } from '../../services/export/index.js';
import { parseIdMap } from '../../services/import/index.js';
import { withDatabase } from '../database.js';

interface ExportCliOptions {
  out: string;
  format: ExportFormat | 'auto';
  element?: string[];
  region?: string;
  from?: string;
  to?: string;
  encoding: 'utf8' | 'gb18030';
  header: 'en' | 'zh';
  idMap?: string;
}

/** The format named, or the one the extension implies. */
export function exportFormatFor(out: string, asked: ExportFormat | 'auto'): ExportFormat {
  if (asked !== 'auto') return asked;
  const ext = extname(out).toLowerCase();
  if (ext === '.xlsx') return 'xlsx';
  if (ext === '.json') return 'json';
  if (ext === '.csv' || ext === '.txt') return 'csv';
  throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `cannot tell the format of ${out}; use --format csv|xlsx|json|dhis2` });
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];

export function register(program: Command): void {
  program
    .command('export')
    .description('导出数据值 / export data values (CSV, XLSX, JSON, DHIS2 dataValueSets JSON)')
    .requiredOption('--out <file>', 'output file')
    .addOption(new Option('--format <format>', 'output format (default: from the extension)').choices(['auto', 'csv', 'xlsx', 'json', 'dhis2']).default('auto'))
    .option('--element <codes>', 'data element code(s), comma-separated or repeated', collect)
    .option('--region <code>', 'region code: that region and all below it')
    .option('--from <period>', 'first period, e.g. 2019 or 2019Q1')
    .option('--to <period>', 'last period, e.g. 2025')
    .addOption(new Option('--encoding <encoding>', 'CSV encoding').choices(['utf8', 'gb18030']).default('utf8'))
    .addOption(new Option('--header <lang>', 'CSV/XLSX header language').choices(['en', 'zh']).default('en'))
    .option('--id-map <file>', 'DHIS2 id map (JSON) to translate codes back to DHIS2 ids')
    .action(async (options: ExportCliOptions) => {
      const format = exportFormatFor(options.out, options.format);
      const idMap = options.idMap ? parseIdMap(JSON.parse(readFileSync(options.idMap, 'utf8').replace(/^\uFEFF/, '')), options.idMap) : undefined;
      const out = createWriteStream(options.out);
      try {
        const summary = await withDatabase((database) => exportDataValues(
          database.readDb,
          out,
          {
            ...(options.element ? { dataElements: options.element } : {}),
            ...(options.region ? { region: options.region } : {}),
            ...(options.from ? { from: options.from } : {}),
            ...(options.to ? { to: options.to } : {}),
          },
          { format, encoding: options.encoding, header: options.header, ...(idMap ? { idMap } : {}) },
        ));
        const skipped = summary.skipped > 0 ? `，跳过 ${summary.skipped} 个 / skipped ${summary.skipped}` : '';
        process.stdout.write(`已导出 ${summary.rows} 个数据值 / exported ${summary.rows} value(s)${skipped} → ${options.out} (${format})\n`);
      } catch (error) {
        out.destroy();
        rmSync(options.out, { force: true });
        throw error;
      }
    });
}

import type { Command } from 'commander';
import { loadContent } from '../../services/content/load-content.js';
import { progressLine, withDatabase } from '../database.js';

/** `vitals content load`: (re)load the shipped regions, catalogue, frameworks and demo data. */
export function register(program: Command): void {
  const content = program.command('content').description('shipped content / 内置内容');
  content
    .command('load')
    .description('load or reload regions, indicators, frameworks and targets (and demo data) into the database')
    .option('--no-demo', 'skip the demo data values')
    .option('--townships', 'also load the 41,000 townships')
    .action(async (options: { demo: boolean; townships?: boolean }) => {
      const report = await withDatabase((database) =>
        loadContent(database, { demo: options.demo, profiles: options.demo, townships: options.townships ?? false, onProgress: progressLine }),
      );
      process.stdout.write(
        `regions ${report.regions} · data elements ${report.dataElements} · indicators ${report.indicators} · ` +
          `frameworks ${report.frameworks} · targets ${report.targets} · values +${report.values.inserted} ~${report.values.updated} =${report.values.unchanged}\n`,
      );
    });
}

import type { Command } from 'commander';
import { VitalsError } from '../../core/errors.js';
import { isConfirmed } from '../../core/provenance.js';
import { createRepositories } from '../../storage/repositories/index.js';
import { withDatabase } from '../database.js';
import { writeRows } from '../files.js';
import { maybeWholeNumber, outputOptions, withOutputOptions } from '../options.js';

interface TargetsOptions {
  framework: string;
  year?: string;
  region?: string;
  indicator?: string;
  format?: string;
  out?: string;
}

/** `vitals targets`: list a framework's stored targets with their original wording and provenance. */
export function register(program: Command): void {
  const command = program
    .command('targets')
    .description('list stored targets with their wording, source and verification / 查询目标')
    .requiredOption('--framework <code>', 'framework code, e.g. healthy-hebei-2023-2027')
    .option('--year <year>', 'milestone year')
    .option('--region <code>', 'only targets that apply to this region')
    .option('--indicator <code>', 'one indicator');
  withOutputOptions(command).action(async (options: TargetsOptions) => {
    const output = outputOptions(options);
    const year = maybeWholeNumber(options.year, '--year');
    const targets = await withDatabase(async (database) => {
      const repos = createRepositories(database.readDb);
      if (!(await repos.frameworks.getFramework(options.framework))) {
        throw new VitalsError('VITALS_E_NOT_FOUND', { what: `framework ${options.framework}` });
      }
      return repos.targets.list({
        framework: options.framework,
        ...(year === undefined ? {} : { year }),
        ...(options.region ? { appliesTo: options.region } : {}),
        ...(options.indicator ? { indicator: options.indicator } : {}),
      });
    });
    writeRows(
      targets.map((t) => ({
        indicator: t.indicator,
        name: t.indicatorName.zh,
        unit: t.unit,
        scope: 'region' in t.scope ? t.scope.region : `${t.scope.level}${t.scope.within ? ' in ' + t.scope.within : ''}`,
        milestone_year: t.milestoneYear,
        kind: t.spec.kind,
        wording: t.wording,
        document: t.provenance.source.document,
        clause: t.provenance.source.clause ?? '',
        verification: t.provenance.verification,
        verified: isConfirmed(t.provenance.verification) ? 'yes' : 'no (unverified)',
        spec: t.spec,
      })),
      output,
    );
  });
}

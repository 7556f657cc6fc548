import type { Command } from 'commander';
import { withDatabase } from '../database.js';

/** `vitals db migrate`: apply pending migrations (they also run at every start). */
export function register(program: Command): void {
  const db = program.command('db').description('database maintenance / 数据库维护');
  db.command('migrate')
    .description('apply pending forward-only migrations')
    .action(async () => {
      const result = await withDatabase(async (database) => database.migrations);
      const applied = result?.applied.length ? result.applied.join(', ') : 'none';
      process.stdout.write(`schema version ${result?.current ?? '?'}; applied now: ${applied}\n`);
    });
}

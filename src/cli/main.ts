/**
 * The `vitals` command. Commands are thin: parse options, call one service or core
 * function, print the result. Errors print in zh-CN and English and exit with the
 * code the error catalogue assigns.
 */
import { Command } from 'commander';
import { ERRORS, isVitalsError } from '../core/errors.js';
import { commandModules } from './commands/index.js';

export async function buildProgram(): Promise<Command> {
  const program = new Command();
  program
    .name('vitals')
    .description('Vitals — 健康规划监测评估平台 / monitoring and evaluation of public-health plans')
    .showHelpAfterError()
    .exitOverride();
  for (const load of commandModules) (await load()).register(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = await buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    return reportError(error);
  }
}

function reportError(error: unknown): number {
  const commanderCode = (error as { code?: string }).code;
  if (commanderCode === 'commander.helpDisplayed' || commanderCode === 'commander.version') return 0;
  if (commanderCode?.startsWith('commander.')) return 2;
  if (isVitalsError(error)) {
    process.stderr.write(`错误 ${error.code}: ${error.message_zh()}\nerror ${error.code}: ${error.message}\n`);
    return ERRORS[error.code].exitCode;
  }
  process.stderr.write(`内部错误 / internal error: ${(error as Error)?.stack ?? String(error)}\n`);
  return 1;
}

const invokedDirectly = process.argv[1] && /src[\\/]cli[\\/]main\.(ts|js)$/.test(process.argv[1]);
if (invokedDirectly) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      process.stderr.write(String(error?.stack ?? error) + '\n');
      process.exitCode = 1;
    },
  );
}

/**
 * Every CLI command module. Each exports `register(program)`; add one line per module.
 */
import type { Command } from 'commander';

type CommandModule = { register(program: Command): void };

export const commandModules: Array<() => Promise<CommandModule>> = [
  () => import('./start.command.js'),
  () => import('./db.command.js'),
  () => import('./content.command.js'),
  () => import('./targets.command.js'),
  () => import('./users.command.js'),
  () => import('./score.command.js'),
  () => import('./index.command.js'),
  () => import('./progress.command.js'),
  () => import('./warning.command.js'),
  () => import('./attainment.command.js'),
  () => import('./import.command.js'),
  () => import('./export.command.js'),
  () => import('./evaluate.command.js'),
];

import type { Command } from 'commander';
import { resetPassword } from '../../services/auth/bootstrap.js';
import { withDatabase } from '../database.js';

/** `vitals users reset-password NAME`: recovery when an administrator has lost the password. */
export function register(program: Command): void {
  const users = program.command('users').description('user accounts / 用户');
  users
    .command('reset-password <username>')
    .description('give an account a new generated password (shown once), unlock it and end its sessions')
    .action(async (username: string) => {
      const password = await withDatabase((database) => resetPassword(database, username));
      process.stdout.write(`新密码 / new password for ${username}: ${password}\n登录后请立即修改 / change it after logging in.\n`);
    });
}

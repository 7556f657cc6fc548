import type { Command } from 'commander';
import { loadConfig } from '../../config.js';
import { startServer } from '../../http/server.js';
import { progressLine } from '../database.js';

/** `vitals start` (and `npm start`): serve Vitals until interrupted. */
export function register(program: Command): void {
  program
    .command('start')
    .description('start the Vitals server (embedded database unless DATABASE_URL is set) / 启动服务')
    .option('--port <port>', 'port (default 8080, or PORT)')
    .option('--host <host>', 'host (default 127.0.0.1, or HOST)')
    .action(async (options: { port?: string; host?: string }) => {
      const config = loadConfig(process.env, {
        ...(options.port ? { port: Number(options.port) } : {}),
        ...(options.host ? { host: options.host } : {}),
        logLevel: (process.env.LOG_LEVEL as never) ?? 'warn',
      });
      const server = await startServer(config, { onProgress: progressLine });
      const shown = server.url.replace('://127.0.0.1', '://localhost');
      const lines = [
        '',
        `Vitals 已启动 / is running: ${shown}`,
        `API 文档 / API docs:        ${shown}/api/docs`,
      ];
      if (server.adminPassword) {
        lines.push(
          '',
          '首次启动，已生成管理员账号（密码只显示这一次）/ First start: an administrator account was created.',
          `  用户名 / username: admin`,
          `  密码 / password:   ${server.adminPassword}`,
          '  登录后请立即修改密码 / Change it after your first login.',
        );
      } else {
        lines.push('登录 / Log in with your account. Forgot the admin password? `npx vitals users reset-password admin`');
      }
      lines.push('', '按 Ctrl+C 停止 / Press Ctrl+C to stop.', '');
      // Handlers first: writes to a pipe are synchronous on Linux, so whoever reads "Ctrl+C" may
      // signal before the next statement runs.
      let stopping = false;
      const stop = async () => {
        if (stopping) return;
        stopping = true;
        progressLine('stopping…');
        await server.close();
        process.exit(0);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
      process.stdout.write(lines.join('\n'));
    });
}

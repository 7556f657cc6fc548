/**
 * Progress for people: a redrawn bar on a terminal, a plain line every few seconds otherwise
 * (logs, CI). Written to stderr so that stdout keeps only the report.
 */
import type { ImportProgress } from './types.js';

const PHASE = { scan: '检查文件 scan', read: '读取校验 read', plan: '比对 plan', write: '写入 write', done: '完成 done' } as const;

export interface ProgressPrinter {
  (progress: ImportProgress): void;
  /** End the bar's line. */
  end(): void;
}

/** A progress callback writing to `stream`; `intervalMs` spaces the plain lines. */
export function createProgressPrinter(stream: NodeJS.WriteStream | NodeJS.WritableStream, options: { tty?: boolean; intervalMs?: number } = {}): ProgressPrinter {
  const tty = options.tty ?? ('isTTY' in stream && stream.isTTY === true);
  const interval = options.intervalMs ?? (tty ? 100 : 2000);
  let last = 0;
  let lastPhase: string | undefined;
  let drawn = false;
  const print = ((p: ImportProgress) => {
    const now = Date.now();
    const phaseChanged = p.phase !== lastPhase;
    const finished = p.total !== undefined && p.done >= p.total;
    if (!phaseChanged && !finished && now - last < interval) return;
    last = now;
    lastPhase = p.phase;
    const unit = p.phase === 'scan' ? 'bytes' : 'rows';
    if (tty) {
      const width = 30;
      const ratio = p.total ? Math.min(1, p.done / p.total) : undefined;
      const bar = ratio === undefined ? '' : `[${'#'.repeat(Math.round(ratio * width)).padEnd(width, '.')}] ${Math.round(ratio * 100)}% `;
      stream.write(`\r\x1b[2K${PHASE[p.phase]} ${bar}${p.done}${p.total ? `/${p.total}` : ''} ${unit}`);
      drawn = true;
    } else {
      stream.write(`${PHASE[p.phase]}: ${p.done}${p.total ? `/${p.total}` : ''} ${unit}\n`);
    }
  }) as ProgressPrinter;
  print.end = () => {
    if (tty && drawn) stream.write('\n');
    drawn = false;
  };
  return print;
}

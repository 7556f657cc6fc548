/**
 * A report as text for people: the outcome, the counts, then every problem with its row and
 * column, in Chinese and English.
 */
import type { ImportProblem, ImportReport } from './types.js';

export interface ReportFormatOptions {
  /** `both` (default): each line in Chinese, then English. */
  readonly language?: 'zh' | 'en' | 'both';
  /** Show at most this many problems (default: all). */
  readonly maxProblems?: number;
  /** Show the planned changes (dry runs). */
  readonly showChanges?: boolean;
}

const STATUS = {
  committed: ['导入完成', 'import committed'],
  rejected: ['导入被拒绝，未写入任何数据', 'import rejected, nothing was written'],
  dry_run: ['试运行（未写入数据）', 'dry run (nothing written)'],
} as const;

function where(p: ImportProblem, zh: boolean): string {
  const parts: string[] = [];
  if (p.row !== null) parts.push(zh ? `第 ${p.row} 行` : `row ${p.row}`);
  if (p.column !== null) parts.push(zh ? `列「${p.column}」` : `column "${p.column}"`);
  if (parts.length === 0) return zh ? '文件' : 'file';
  return parts.join(zh ? '，' : ', ');
}

/** Render a report as lines of text. */
export function formatReport(report: ImportReport, options: ReportFormatOptions = {}): string {
  const language = options.language ?? 'both';
  const zh = language !== 'en';
  const en = language !== 'zh';
  const pick = (z: string, e: string): string => (zh && en ? `${z} / ${e}` : zh ? z : e);
  const lines: string[] = [];
  const [sz, se] = STATUS[report.status];
  lines.push(`${pick(sz, se)} — ${pick('批次', 'batch')} ${report.batchId}`);
  const f = report.file;
  const details = [f.format, f.encoding, f.sheet ? `sheet ${f.sheet}` : undefined, f.headerRow ? pick(`表头第 ${f.headerRow} 行`, `header row ${f.headerRow}`) : undefined].filter(Boolean);
  lines.push(`${pick('文件', 'file')}: ${f.name} (${details.join(', ')}) sha256 ${f.hash.slice(0, 12)}…`);
  const c = report.counts;
  const count = (z: string, e: string, n: number): string => `${zh && en ? `${z} ${e}` : zh ? z : e} ${n}`;
  const done = report.status === 'committed';
  const outcome =
    report.status === 'rejected'
      ? [count('有效', 'valid', c.valid)]
      : [
          count(done ? '新增' : '将新增', done ? 'inserted' : 'to insert', c.inserted),
          count(done ? '更新' : '将更新', done ? 'updated' : 'to update', c.updated),
          count('未变', 'unchanged', c.unchanged),
        ];
  lines.push(
    [count('读取', 'read', c.read), ...outcome, count('空值跳过', 'empty', c.empty), count('重复', 'duplicates', c.duplicates), count('拒绝', 'rejected', c.rejected)].join(' · '),
  );
  if (report.status === 'rejected' && c.valid > 0) {
    lines.push(pick('改正后重新导入，或用 --partial 只导入有效行', 'fix the file and import it again, or use --partial to load only the valid rows'));
  }
  const errors = report.problems.filter((p) => p.severity === 'error');
  const warnings = report.problems.filter((p) => p.severity === 'warning');
  let budget = options.maxProblems ?? Infinity;
  for (const [list, z, e] of [
    [errors, '错误', 'errors'],
    [warnings, '警告', 'warnings'],
  ] as const) {
    if (list.length === 0) continue;
    lines.push(`${pick(z, e)} (${list.length}):`);
    for (const p of list) {
      if (budget-- <= 0) break;
      if (zh) lines.push(`  ${where(p, true)}：${p.message.zh}  [${p.code}]`);
      if (en) lines.push(`${zh ? '    ' : '  '}${where(p, false)}: ${p.message.en}${zh ? '' : `  [${p.code}]`}`);
    }
  }
  if (budget < 0) lines.push(pick(`（其余问题见 --report 输出的 JSON 报告）`, `(see the JSON written by --report for the rest)`));
  if (options.showChanges && report.changes.length > 0) {
    lines.push(pick('变更（前 200 条）', 'changes (first 200)') + ':');
    for (const ch of report.changes) {
      const key = [ch.dataElement, ch.region, ch.period, ch.sex, ch.ageGroup, ch.area].filter((k) => k !== 'total').join(' ');
      const arrow = ch.action === 'insert' ? `+ ${ch.newValue}` : `${ch.oldValue ?? '∅'} → ${ch.newValue}`;
      lines.push(`  ${pick(`第 ${ch.row} 行`, `row ${ch.row}`)}: ${key}: ${arrow}`);
    }
  }
  return lines.join('\n') + '\n';
}

import { describe, expect, it } from 'vitest';
import { formatDate, hasKey, localName, translate, type Locale } from '../i18n/format.js';
import type { MessageKey } from '../i18n/zh-CN.js';
import { assessmentSheet, type ExportMeta, type ExportRow } from './assessment-export.js';

const text = (locale: Locale) => ({
  t: (key: MessageKey, params?: Record<string, string | number>) => translate(locale, key, params),
  tx: (key: string, fallback?: string) => (hasKey(key) ? translate(locale, key) : fallback ?? key),
  name: (n: Parameters<typeof localName>[1], fallback?: string) => localName(locale, n, fallback),
  date: (iso: string | null | undefined, withTime?: boolean) => formatDate(locale, iso, withTime),
});

const dims = (a: number, b: number) => [
  { code: 'health', name: { zh: '健康水平', en: 'Health status' }, earned: a, max: 60 },
  { code: 'services', name: { zh: '服务', en: 'Services' }, earned: b, max: 40 },
];
const row = (region: string, rank: number | null, tiedWith: number, score: number | null, grade: string, d: [number, number] | null, extra: Partial<ExportRow> = {}): ExportRow => ({
  region, regionName: region, rank, tiedWith, score, maxScore: 100, grade, dimensions: d ? dims(...d) : [], previousRank: null, change: null, peerGroup: null, groupRank: null, ...extra,
});

const meta: ExportMeta = {
  framework: { code: 'healthy-hebei-2023-2027', name: { zh: '健康河北', en: 'Healthy Hebei' } },
  scheme: { code: 'hebei-city-assessment', name: { zh: '考核（演示）', en: 'Assessment (demo)' }, demonstration: true },
  run: { id: 7, inputsHash: 'ab12cd', createdAt: '2026-02-20T08:00:00Z' },
  year: 2025,
  synthetic: true,
};

describe('assessmentSheet', () => {
  // Scores 91 > 85 = 85 > 70: ranks 1, 2, 2, 4 (competition ranking, "1224"); the tie is marked.
  const rows = [
    row('130300', 4, 1, 70, 'fail', [40, 30], { previousRank: 2, change: -2 }),
    row('130100', 1, 1, 91, 'excellent', [55, 36], { previousRank: 1, change: 0, peerGroup: '冀中', groupRank: 1 }),
    row('130200', 2, 2, 85, 'good', [50, 35]),
    row('130400', 2, 2, 85, 'good', [52, 33]),
    row('131100', null, 1, null, '', null),
  ];

  it('orders by rank, keeps ties on one rank and marks them, and splits the score by dimension', () => {
    const sheet = assessmentSheet(meta, rows, text('en'));
    expect(sheet.header).toEqual(['Rank', 'Tie', 'Region', 'Code', 'Score', 'Maximum', 'Grade', 'Health status (60)', 'Services (40)', 'Last year’s rank', 'Change', 'Peer group', 'Rank in group']);
    expect(sheet.rows.map((r) => [r[0], r[1], r[3], r[4], r[7], r[8]])).toEqual([
      [1, '', '130100', 91, 55, 36],
      [2, 'tied (2)', '130200', 85, 50, 35],
      [2, 'tied (2)', '130400', 85, 52, 33],
      [4, '', '130300', 70, 40, 30],
      [null, '', '131100', null, null, null], // unranked last, gaps left empty
    ]);
    // Dimension subtotals add up to the score: 55 + 36 = 91, 40 + 30 = 70.
    expect(sheet.rows[0]!.slice(9)).toEqual([1, 0, '冀中', 1]);
    expect(sheet.rows[3]!.slice(9, 11)).toEqual([2, -2]);
  });

  it('states framework, scheme, run id, inputs hash and that the data are synthetic', () => {
    const sheet = assessmentSheet(meta, rows, text('zh-CN'));
    const m = Object.fromEntries(sheet.meta);
    expect(m['规划框架']).toBe('健康河北 (healthy-hebei-2023-2027)');
    expect(m['考核方案']).toBe('考核（演示） (hebei-city-assessment)');
    expect(m['演示方案']).toBe('是');
    expect(m['评估运行']).toMatch(/^#7 · /);
    expect(m['输入数据哈希（SHA-256）']).toBe('ab12cd');
    expect(m['合成演示数据']).toMatch(/^是：/);
    expect(sheet.fileName).toBe('assessment-healthy-hebei-2023-2027-2025-run7.xlsx');
  });

  it('says when the data source is not known, and when there is no run', () => {
    const m = Object.fromEntries(assessmentSheet({ ...meta, run: null, synthetic: null }, rows, text('en')).meta);
    expect(m['Synthetic demo data']).toBe('not determined');
    expect(m['Evaluation run']).toBe('none (live ranking)');
  });
});

/**
 * The assessment ranking as a real Excel workbook (.xlsx, exceljs in the browser, loaded
 * only when the user exports). `assessmentSheet` lays the sheet out as plain data (tested
 * without a browser); `downloadAssessmentXlsx` writes it.
 *
 * The header block says what the figures are: framework, scheme (and whether it is a
 * demonstration), the evaluation run with its inputs hash (the SHA-256 over the inputs, so a
 * reader can check two exports came from the same data), the year, and whether the data
 * behind it are synthetic demonstration data.
 */
import type { Bilingual, I18n } from '../i18n/index.js';

export interface ExportRow {
  readonly region: string;
  readonly regionName: string;
  readonly rank: number | null;
  readonly tiedWith: number;
  readonly score: number | null;
  readonly maxScore: number | null;
  readonly grade: string;
  readonly dimensions: ReadonlyArray<{ code: string; name: Bilingual; earned: number; max: number }>;
  readonly previousRank: number | null;
  readonly change: number | null;
  readonly peerGroup: string | null;
  readonly groupRank: number | null;
}

export interface ExportMeta {
  readonly framework: { code: string; name: Bilingual };
  readonly scheme: { code: string; name: Bilingual; demonstration: boolean } | null;
  readonly run: { id: number; inputsHash: string; createdAt: string } | null;
  readonly year: number;
  /** true: the inputs are synthetic demo data; null: not known. */
  readonly synthetic: boolean | null;
}

export interface SheetLayout {
  readonly title: string;
  /** Label / value pairs above the table. */
  readonly meta: ReadonlyArray<readonly [string, string]>;
  readonly header: readonly string[];
  readonly rows: ReadonlyArray<ReadonlyArray<string | number | null>>;
  readonly fileName: string;
}

type Text = Pick<I18n, 't' | 'tx' | 'name' | 'date'>;

/**
 * Lay the ranking out: one row per region in rank order, with the rank (ties share it and
 * are marked), score, grade, one column per scheme dimension, last year's rank, the change
 * and the peer group.
 */
export function assessmentSheet(meta: ExportMeta, rows: readonly ExportRow[], i18n: Text): SheetLayout {
  const { t, tx, name, date } = i18n;
  const dimensions = [...new Map(rows.flatMap((r) => r.dimensions).map((d) => [d.code, d])).values()];
  const yes = (flag: boolean | null) => (flag === null ? t('export.unknown') : flag ? t('common.yes') : t('common.no'));
  const metaRows: Array<readonly [string, string]> = [
    [t('filter.framework'), `${name(meta.framework.name, meta.framework.code)} (${meta.framework.code})`],
    [t('filter.scheme'), meta.scheme ? `${name(meta.scheme.name, meta.scheme.code)} (${meta.scheme.code})` : t('common.noValue')],
    [t('export.demoScheme'), meta.scheme ? yes(meta.scheme.demonstration) : t('common.noValue')],
    [t('export.run'), meta.run ? `#${meta.run.id} · ${date(meta.run.createdAt, true)}` : t('export.noRun')],
    [t('export.inputsHash'), meta.run?.inputsHash ?? t('common.noValue')],
    [t('filter.period'), String(meta.year)],
    [t('export.syntheticData'), meta.synthetic ? t('export.syntheticYes') : yes(meta.synthetic)],
    [t('export.finalOnly'), t('assessment.finalOnly')],
  ];
  const header = [
    t('assessment.col.rank'),
    t('export.tieCol'),
    t('assessment.col.region'),
    t('common.code'),
    t('assessment.col.score'),
    t('export.maxScore'),
    t('assessment.col.grade'),
    ...dimensions.map((d) => `${name(d.name, d.code)} (${d.max})`),
    t('assessment.col.lastYear'),
    t('assessment.col.change'),
    t('assessment.peerGroup'),
    t('export.groupRank'),
  ];
  const ordered = [...rows].sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.region.localeCompare(b.region));
  const body = ordered.map((r) => [
    r.rank,
    r.tiedWith > 1 ? t('export.tiedWith', { n: r.tiedWith }) : '',
    r.regionName,
    r.region,
    r.score,
    r.maxScore,
    r.grade ? tx(`grade.${r.grade}`, r.grade) : '',
    ...dimensions.map((d) => r.dimensions.find((x) => x.code === d.code)?.earned ?? null),
    r.previousRank,
    r.change,
    r.peerGroup ?? '',
    r.groupRank,
  ]);
  return {
    title: `${t('assessment.title')} · ${t('assessment.ranking')}`,
    meta: metaRows,
    header,
    rows: body,
    fileName: `assessment-${meta.framework.code}-${meta.year}${meta.run ? `-run${meta.run.id}` : ''}.xlsx`,
  };
}

/** Write the layout as an .xlsx and hand it to the browser as a download. */
export async function downloadAssessmentXlsx(layout: SheetLayout): Promise<void> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Vitals';
  const ws = workbook.addWorksheet('Ranking');
  ws.addRow([layout.title]).font = { bold: true, size: 14 };
  const span = Math.max(8, layout.header.length);
  for (const [label, value] of layout.meta) {
    const row = ws.addRow([label, value]);
    row.getCell(1).font = { bold: true };
    // The value spans the table's width, so a long hash does not widen one column.
    ws.mergeCells(row.number, 2, row.number, span);
  }
  ws.addRow([]);
  const head = ws.addRow([...layout.header]);
  head.font = { bold: true };
  head.eachCell((c) => (c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE6F0FF' } }));
  for (const row of layout.rows) ws.addRow([...row]);
  ws.views = [{ state: 'frozen', ySplit: head.number }];
  layout.header.forEach((h, i) => (ws.getColumn(i + 1).width = Math.max(10, Math.min(28, h.length * 2))));
  ws.getColumn(1).width = 18;
  const bytes = await workbook.xlsx.writeBuffer();
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = layout.fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

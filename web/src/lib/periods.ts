/** Period codes for pickers: the recent periods of a period type, newest first. */
export function recentPeriods(periodType: string, now = new Date(), count = 24): string[] {
  const year = now.getFullYear();
  const month = now.getMonth() + 1;
  const out: string[] = [];
  if (periodType === 'month') {
    let y = year;
    let m = month;
    for (let i = 0; i < count; i++) {
      out.push(`${y}M${String(m).padStart(2, '0')}`);
      m -= 1;
      if (m === 0) {
        m = 12;
        y -= 1;
      }
    }
  } else if (periodType === 'quarter') {
    let y = year;
    let q = Math.ceil(month / 3);
    for (let i = 0; i < Math.min(count, 12); i++) {
      out.push(`${y}Q${q}`);
      q -= 1;
      if (q === 0) {
        q = 4;
        y -= 1;
      }
    }
  } else if (periodType === 'half_year') {
    for (let y = year; y > year - 6; y--) out.push(`${y}H2`, `${y}H1`);
  } else {
    for (let y = year; y > year - 8; y--) out.push(String(y));
  }
  return out;
}

/** Parse what a person typed or pasted into a number: grouping commas and spaces allowed. */
export function parseNumberInput(text: string): { value: number | null; ok: boolean } {
  const cleaned = text.replace(/[\s,，]/g, '').replace(/[０-９．－]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  if (cleaned === '') return { value: null, ok: true };
  const value = Number(cleaned);
  return Number.isFinite(value) ? { value, ok: true } : { value: null, ok: false };
}

/** A pasted block (Excel copies rows as lines and cells as tabs) → first column per row. */
export function pastedColumn(text: string): string[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines.map((line) => line.split('\t')[0] ?? '');
}

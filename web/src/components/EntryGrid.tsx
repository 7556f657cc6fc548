/**
 * The keyboard-friendly entry grid: one row per cell of the form with the value input, last
 * period's value and the unit beside it, and the checks inline. Enter / ↓ go to the next row,
 * Shift+Enter / ↑ to the previous one, Tab walks through the fields; pasting a block copied
 * from Excel fills the rows downwards from the focused one.
 */
import { Input, Typography } from 'antd';
import { useRef, type ClipboardEvent, type KeyboardEvent } from 'react';
import type { FormCell } from '../api/reporting.js';
import { useI18n } from '../i18n/index.js';
import { parseNumberInput, pastedColumn } from '../lib/periods.js';
import { StatusBadge } from './Status.js';

export interface GridEdits {
  /** Typed text per element key (only edited cells). */
  readonly values: Readonly<Record<string, string>>;
  /** Explanation text per explanation key (only edited ones). */
  readonly explanations: Readonly<Record<string, string>>;
}

export interface EntryGridProps {
  readonly cells: readonly FormCell[];
  readonly edits: GridEdits;
  readonly readOnly: boolean;
  readonly onValues: (changes: Record<string, string>) => void;
  readonly onExplanation: (key: string, text: string) => void;
  readonly onPasted?: (count: number) => void;
}

export function EntryGrid({ cells, edits, readOnly, onValues, onExplanation, onPasted }: EntryGridProps) {
  const { t, name, num, unit: fmtUnit, tx } = useI18n();
  const inputs = useRef<Array<HTMLInputElement | null>>([]);

  const focusRow = (row: number) => {
    const target = inputs.current[Math.max(0, Math.min(cells.length - 1, row))];
    target?.focus();
    target?.select();
  };

  const onKeyDown = (row: number) => (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter' || event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      focusRow(event.key === 'ArrowUp' || (event.key === 'Enter' && event.shiftKey) ? row - 1 : row + 1);
    }
  };

  const onPaste = (row: number) => (event: ClipboardEvent<HTMLInputElement>) => {
    const text = event.clipboardData.getData('text/plain');
    if (!/[\t\n]/.test(text.trim())) return; // a single value: let the input take it
    event.preventDefault();
    const column = pastedColumn(text);
    const changes: Record<string, string> = {};
    column.forEach((value, i) => {
      const cell = cells[row + i];
      if (cell) changes[cell.element] = value.trim();
    });
    onValues(changes);
    onPasted?.(Object.keys(changes).length);
    focusRow(row + column.length - 1);
  };

  return (
    <div style={{ overflowX: 'auto' }}>
      <table className="entry-grid" data-testid="entry-grid">
        <caption className="muted" style={{ captionSide: 'bottom', textAlign: 'left', paddingTop: 6 }}>{t('entry.keyboardHelp')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('entry.col.element')}</th>
            <th scope="col">{t('entry.col.value')}</th>
            <th scope="col">{t('entry.col.last')}</th>
            <th scope="col">{t('entry.col.unit')}</th>
            <th scope="col">{t('entry.col.check')}</th>
            <th scope="col">{t('entry.col.comment')}</th>
          </tr>
        </thead>
        <tbody>
          {cells.map((cell, row) => {
            const text = edits.values[cell.element] ?? (cell.value === null ? '' : String(cell.value));
            const parsed = parseNumberInput(text);
            const flagged = cell.flags.length > 0;
            const explanation = edits.explanations[cell.explanationKey] ?? cell.explanation ?? '';
            const needsExplanation = flagged && !explanation.trim();
            const id = `cell-${row}`;
            return (
              <tr key={cell.element} data-element={cell.element} className={!parsed.ok ? 'has-error' : flagged ? 'has-warning' : undefined}>
                <th scope="row" style={{ fontWeight: 400 }}>
                  <label htmlFor={id}>{name(cell.name, cell.element)}</label>
                  {cell.element.includes('|') ? <div className="muted">{cell.element.split('|').slice(1).join(' ')}</div> : null}
                </th>
                <td>
                  <input
                    id={id}
                    ref={(el) => {
                      inputs.current[row] = el;
                    }}
                    className="cell"
                    inputMode="decimal"
                    autoComplete="off"
                    data-testid={`cell-${cell.element}`}
                    value={text}
                    readOnly={readOnly}
                    aria-invalid={!parsed.ok || needsExplanation}
                    aria-describedby={flagged || !parsed.ok ? `${id}-check` : undefined}
                    onChange={(e) => onValues({ [cell.element]: e.target.value })}
                    onKeyDown={onKeyDown(row)}
                    onPaste={readOnly ? undefined : onPaste(row)}
                  />
                </td>
                <td className="muted" style={{ textAlign: 'right' }}>{cell.previousValue === null ? t('quality.missing') : num(cell.previousValue)}</td>
                <td className="muted">{fmtUnit(cell.unit)}</td>
                <td id={`${id}-check`} style={{ minWidth: 200 }}>
                  {!parsed.ok ? <StatusBadge status="off_track" label={t('entry.notNumber')} arrow={false} /> : null}
                  {cell.flags.map((flag, i) => (
                    <div key={i} data-testid={`flag-${cell.element}`}>
                      <StatusBadge status="watch" label={t('entry.outlier')} arrow={false} />{' '}
                      <Typography.Text style={{ fontSize: 12 }}>{name(flag.message as { zh: string; en?: string })}</Typography.Text>
                    </div>
                  ))}
                  {flagged ? (
                    <Input.TextArea
                      aria-label={`${t('entry.explain')}: ${name(cell.name, cell.element)}`}
                      data-testid={`explain-${cell.element}`}
                      placeholder={t('entry.explain')}
                      autoSize={{ minRows: 1, maxRows: 4 }}
                      value={explanation}
                      readOnly={readOnly}
                      status={needsExplanation ? 'warning' : undefined}
                      onChange={(e) => onExplanation(cell.explanationKey, e.target.value)}
                      style={{ marginTop: 4 }}
                    />
                  ) : parsed.ok ? (
                    <span className="muted">{tx('entry.ok')}</span>
                  ) : null}
                  {needsExplanation ? <div style={{ color: '#873800', fontSize: 12 }}>{t('entry.explainRequired')}</div> : null}
                </td>
                <td className="muted" style={{ maxWidth: 200 }}>{cell.comment ?? ''}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

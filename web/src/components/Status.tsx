/**
 * Status shown three ways at once — colour, icon/arrow and words — so that it never depends on
 * colour alone. Colours are dark-on-light pairs with a contrast ratio above 4.5:1 (WCAG AA).
 */
import { ArrowDownOutlined, ArrowRightOutlined, ArrowUpOutlined, CheckCircleFilled, MinusCircleOutlined, WarningFilled, CloseCircleFilled } from '@ant-design/icons';
import { Tag, Tooltip } from 'antd';
import type { ReactNode } from 'react';
import { useI18n, type Bilingual } from '../i18n/index.js';

export type Light = 'green' | 'amber' | 'red' | 'grey';

/** Text and background colours per light: #135200 on #f6ffed is 9.8:1, #873800 on #fff7e6 is 8.2:1, #a8071a on #fff1f0 is 7.3:1, #434343 on #f5f5f5 is 9.3:1. */
export const LIGHT_COLOURS: Record<Light, { fg: string; bg: string; border: string; fill: string }> = {
  green: { fg: '#135200', bg: '#f6ffed', border: '#95de64', fill: '#389e0d' },
  amber: { fg: '#873800', bg: '#fff7e6', border: '#ffc069', fill: '#d48806' },
  red: { fg: '#a8071a', bg: '#fff1f0', border: '#ff7875', fill: '#cf1322' },
  grey: { fg: '#434343', bg: '#f5f5f5', border: '#bfbfbf', fill: '#8c8c8c' },
};

const GREEN = ['attained', 'achieved', 'target_achieved', 'on_track', 'ahead', 'significant_progress', 'moderately_improving', 'none', 'excellent', 'good'];
const AMBER = ['at_risk', 'moderate_progress', 'insufficient_progress', 'limited_progress', 'acceleration_needed', 'stagnating', 'lagging', 'moderate_movement_away', 'watch', 'warning', 'pass'];
const RED = ['not_attained', 'off_track', 'movement_away', 'significant_movement_away', 'deterioration', 'decreasing', 'seriously_lagging', 'alert', 'fail'];

/** The traffic light of a progress status, warning level or grade code. */
export function lightOf(status: string | null | undefined): Light {
  if (!status) return 'grey';
  if (GREEN.includes(status)) return 'green';
  if (AMBER.includes(status)) return 'amber';
  if (RED.includes(status)) return 'red';
  return 'grey';
}

const ICONS: Record<Light, ReactNode> = {
  green: <CheckCircleFilled aria-hidden />,
  amber: <WarningFilled aria-hidden />,
  red: <CloseCircleFilled aria-hidden />,
  grey: <MinusCircleOutlined aria-hidden />,
};

const ARROWS: Record<Light, ReactNode> = {
  green: <ArrowUpOutlined aria-hidden />,
  amber: <ArrowRightOutlined aria-hidden />,
  red: <ArrowDownOutlined aria-hidden />,
  grey: null,
};

export interface StatusBadgeProps {
  readonly status: string | null | undefined;
  /** The server's bilingual label; else the catalogue's `status.*` entry; else the code. */
  readonly label?: Bilingual;
  readonly tooltip?: ReactNode;
  readonly arrow?: boolean;
}

/** Traffic light + icon + arrow + words. */
export function StatusBadge({ status, label, tooltip, arrow = true }: StatusBadgeProps) {
  const { name, tx, t } = useI18n();
  const light = lightOf(status);
  const colours = LIGHT_COLOURS[light];
  const text = label ? name(label) : status ? tx(`status.${status}`, status) : t('status.no_data');
  const tag = (
    <Tag
      data-status={status ?? 'none'}
      data-light={light}
      style={{ color: colours.fg, background: colours.bg, borderColor: colours.border, fontWeight: 500, marginInlineEnd: 0 }}
      icon={ICONS[light]}
    >
      {text}
      {arrow && ARROWS[light] ? <span style={{ marginInlineStart: 4 }}>{ARROWS[light]}</span> : null}
    </Tag>
  );
  return tooltip ? <Tooltip title={tooltip}>{tag}</Tooltip> : tag;
}

/** Where a figure comes from: final, draft, synthetic, estimated… always as words. */
export function QualityTag({ quality }: { quality: string | null | undefined }) {
  const { tx } = useI18n();
  if (!quality) return null;
  const strong = quality === 'final' || quality === 'reported';
  const style = quality === 'synthetic' || quality === 'estimated'
    ? { color: '#391085', background: '#f9f0ff', borderColor: '#d3adf7', borderStyle: 'dashed' as const }
    : strong
      ? { color: '#003a8c', background: '#e6f4ff', borderColor: '#91caff' }
      : { color: '#434343', background: '#fafafa', borderColor: '#d9d9d9', borderStyle: 'dashed' as const };
  return (
    <Tag data-quality={quality} style={{ ...style, marginInlineEnd: 0, fontSize: 12 }}>
      {tx(`quality.${quality}`, quality)}
    </Tag>
  );
}

/** A number with unit, period and quality: the honest way to show any figure. */
export function Figure({ value, unit, period, quality, digits }: { value: number | null | undefined; unit?: string | null; period?: string | null; quality?: string | null; digits?: number }) {
  const { qty, period: fmtPeriod, t } = useI18n();
  const missing = value === null || value === undefined;
  return (
    <span className="figure">
      <strong style={missing ? { color: '#595959' } : undefined}>{missing ? t('quality.missing') : qty(value, unit ?? null, digits)}</strong>
      {period ? <span className="figure-period"> · {fmtPeriod(period)}</span> : null}
      {quality ? <> <QualityTag quality={quality} /></> : null}
    </span>
  );
}

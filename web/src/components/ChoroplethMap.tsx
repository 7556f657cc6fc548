/**
 * Choropleth of a region's children on the schematic boundary layer (示意图 — labelled on the
 * map itself). Colours are always paired with labels on the map and a legend in words;
 * regions without data are hatched grey and say so.
 */
import { useMemo } from 'react';
import { useI18n } from '../i18n/index.js';
import { echarts, EChart, type ChartOption } from './EChart.js';
import { LIGHT_COLOURS, lightOf } from './Status.js';

export interface MapDatum {
  readonly code: string;
  readonly name: string;
  readonly value: number | null;
  /** Progress status or warning level (status mode). */
  readonly status?: string | null;
  readonly statusText?: string;
}

/** Sequential blues, light to dark; the label colour flips to white on the dark end. */
const BLUES = ['#e6f4ff', '#bae0ff', '#69b1ff', '#1677ff', '#003eb3'];
const registered = new Set<string>();

export interface ChoroplethProps {
  readonly mapKey: string;
  readonly geojson: unknown;
  readonly data: readonly MapDatum[];
  readonly mode: 'value' | 'status';
  readonly unit?: string;
  readonly title: string;
  readonly onRegionClick?: (code: string) => void;
  readonly height?: number;
}

export function ChoroplethMap({ mapKey, geojson, data, mode, unit, title, onRegionClick, height = 480 }: ChoroplethProps) {
  const { t, locale, num, unit: fmtUnit } = useI18n();
  if (!registered.has(mapKey)) {
    echarts.registerMap(mapKey, geojson as Parameters<typeof echarts.registerMap>[1]);
    registered.add(mapKey);
  }
  const option = useMemo<ChartOption>(() => {
    const values = data.map((d) => d.value).filter((v): v is number => v !== null);
    const min = values.length ? Math.min(...values) : 0;
    const max = values.length ? Math.max(...values) : 1;
    const byCode = new Map(data.map((d) => [d.code, d]));
    const colourOf = (d: MapDatum | undefined): string => {
      if (!d) return '#f0f0f0';
      if (mode === 'status') return LIGHT_COLOURS[lightOf(d.status)].fill;
      if (d.value === null) return '#f0f0f0';
      const step = max === min ? BLUES.length - 1 : Math.min(BLUES.length - 1, Math.floor(((d.value - min) / (max - min)) * BLUES.length));
      return BLUES[step]!;
    };
    const dark = (colour: string) => ['#1677ff', '#003eb3', LIGHT_COLOURS.red.fill, LIGHT_COLOURS.green.fill, LIGHT_COLOURS.grey.fill].includes(colour);
    const features = ((geojson as { features?: Array<{ properties?: { adcode?: string; name?: string } }> }).features ?? []);
    return {
      // Hatching is reserved for "no data" here, so ECharts' automatic decals stay off.
      aria: { enabled: true, decal: { show: false } },
      tooltip: {
        trigger: 'item',
        formatter: (p: { name: string }) => {
          const d = byCode.get(p.name);
          if (!d) return `${p.name}: ${t('map.noData')}`;
          const value = d.value === null ? t('map.noData') : `${num(d.value)} ${fmtUnit(unit)}`;
          return mode === 'status' ? `${d.name}: ${d.statusText ?? t('map.noData')}` : `${d.name}: ${value}`;
        },
      },
      series: [
        {
          type: 'map',
          map: mapKey,
          nameProperty: 'adcode',
          roam: false,
          selectedMode: false,
          emphasis: { label: { show: true }, itemStyle: { areaColor: '#ffd666' } },
          label: {
            show: true,
            fontSize: 11,
            formatter: (p: { name: string }) => {
              const d = byCode.get(p.name);
              const name = d?.name ?? features.find((f) => f.properties?.adcode === p.name)?.properties?.name ?? p.name;
              if (!d || (mode === 'value' && d.value === null)) return `${name}\n${t('map.noData')}`;
              return mode === 'status' ? `${name}\n${d.statusText ?? ''}` : `${name}\n${num(d.value)}`;
            },
          },
          data: features.map((f) => {
            const code = f.properties?.adcode ?? '';
            const d = byCode.get(code);
            const colour = colourOf(d);
            const missing = !d || (mode === 'value' && d.value === null);
            return {
              name: code,
              value: d?.value ?? null,
              itemStyle: {
                areaColor: colour,
                borderColor: '#595959',
                borderWidth: 0.8,
                ...(missing ? { decal: { symbol: 'rect', symbolSize: 1, dashArrayX: [1, 0], dashArrayY: [2, 4], rotation: -Math.PI / 4, color: 'rgba(0,0,0,0.25)' } } : {}),
              },
              label: { color: dark(colour) ? '#ffffff' : '#1f1f1f', textBorderColor: dark(colour) ? '#1f1f1f' : '#ffffff', textBorderWidth: 2 },
            };
          }),
        },
      ],
    };
  }, [mapKey, geojson, data, mode, unit, t, num, fmtUnit]);

  return (
    <div style={{ position: 'relative' }}>
      <div className="schematic-label" data-testid="schematic-label">{t('map.schematic')}</div>
      <EChart option={option} height={height} label={`${title} — ${t('map.schematic')}`} locale={locale} testId="choropleth" onClick={(p) => p.name && onRegionClick?.(p.name)} />
    </div>
  );
}

/** The legend in words (and swatches) under the map. */
export function MapLegend({ mode, min, max, unit }: { mode: 'value' | 'status'; min?: number | null; max?: number | null; unit?: string }) {
  const { t, num, unit: fmtUnit } = useI18n();
  const swatch = (colour: string, hatched = false) => (
    <span aria-hidden style={{ display: 'inline-block', width: 16, height: 12, background: hatched ? 'repeating-linear-gradient(-45deg,#f0f0f0,#f0f0f0 3px,#bfbfbf 3px,#bfbfbf 4px)' : colour, border: '1px solid #8c8c8c', marginInlineEnd: 4, verticalAlign: 'middle' }} />
  );
  return (
    <div data-testid="map-legend" style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'center', fontSize: 13 }}>
      <strong>{t('map.legend')}:</strong>
      {mode === 'value' ? (
        <>
          <span>
            {swatch(BLUES[0]!)}
            {num(min ?? null)} → {swatch(BLUES[BLUES.length - 1]!)}
            {num(max ?? null)} {fmtUnit(unit)}
          </span>
          <span>{swatch('', true)}{t('map.noData')}</span>
          <span>{t('map.legend.value')}</span>
        </>
      ) : (
        <>
          <span>{swatch(LIGHT_COLOURS.green.fill)}{t('status.on_track')} / {t('status.achieved')}</span>
          <span>{swatch(LIGHT_COLOURS.amber.fill)}{t('status.at_risk')}</span>
          <span>{swatch(LIGHT_COLOURS.red.fill)}{t('status.off_track')}</span>
          <span>{swatch(LIGHT_COLOURS.grey.fill)}{t('status.no_data')}</span>
          <span>{t('map.legend.status')}</span>
        </>
      )}
      <span>{t('map.schematicNote')}</span>
    </div>
  );
}

/**
 * ECharts in React: one instance per element, resized with its container, SVG-rendered (text
 * stays selectable and readable by screen readers and tests) and ARIA descriptions on. Series
 * differ by more than colour through their own symbols and dash styles (see charts.tsx).
 */
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, CustomChart, LineChart, MapChart, RadarChart, ScatterChart } from 'echarts/charts';
import {
  AriaComponent,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  MarkPointComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import type { EChartsCoreOption } from 'echarts/core';

echarts.use([
  BarChart,
  CustomChart,
  LineChart,
  MapChart,
  RadarChart,
  ScatterChart,
  AriaComponent,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  MarkPointComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
  SVGRenderer,
]);

export { echarts };
export type ChartOption = EChartsCoreOption;

export interface EChartProps {
  readonly option: ChartOption;
  readonly height?: number | string;
  readonly width?: number | string;
  /** Accessible name of the chart (the ARIA description adds the data). */
  readonly label: string;
  readonly onClick?: (params: { name?: string; data?: unknown; seriesName?: string }) => void;
  readonly testId?: string;
  readonly locale?: 'zh-CN' | 'en';
}

export function EChart({ option, height = 320, width = '100%', label, onClick, testId, locale = 'zh-CN' }: EChartProps) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const clickRef = useRef(onClick);
  clickRef.current = onClick;

  useEffect(() => {
    if (!ref.current) return;
    const instance = echarts.init(ref.current, undefined, { renderer: 'svg', locale: locale === 'en' ? 'EN' : 'ZH' });
    chart.current = instance;
    instance.on('click', (params) => clickRef.current?.(params as { name?: string; data?: unknown; seriesName?: string }));
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(ref.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, [locale]);

  useEffect(() => {
    chart.current?.setOption({ aria: { enabled: true }, animation: false, ...option }, { notMerge: true });
  }, [option, locale]);

  return <div ref={ref} role="img" aria-label={label} data-testid={testId} style={{ width, height }} />;
}

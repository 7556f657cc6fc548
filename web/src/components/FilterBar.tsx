/** Framework, region and period pickers shared by the analytical pages (state in the URL). */
import { Select } from 'antd';
import type { ReactNode } from 'react';
import { metadata, type Framework } from '../api/metadata.js';
import { itemsOf, type RegionNode } from '../api/types.js';
import { useI18n } from '../i18n/index.js';
import { useFilters, yearOptions } from '../lib/filters.js';
import { useApi } from '../lib/useApi.js';
import { RegionCascader } from './RegionCascader.js';

export function useRegions() {
  return useApi<RegionNode[]>(() => metadata.regions(), []);
}

export function useFrameworks() {
  return useApi<readonly Framework[]>(async () => itemsOf(await metadata.frameworks()), []);
}

export interface FilterBarProps {
  readonly show?: { framework?: boolean; region?: boolean; period?: boolean };
  readonly periods?: readonly string[];
  readonly extra?: ReactNode;
}

export function FilterBar({ show = { framework: true, region: true, period: true }, periods, extra }: FilterBarProps) {
  const { t, name, period: fmtPeriod } = useI18n();
  const filters = useFilters();
  const regions = useRegions();
  const frameworks = useFrameworks();
  // A period from a link (e.g. a month, 2026M01) is offered too, so the picker shows its label.
  const offered = periods ?? yearOptions();
  const periodList = offered.includes(filters.period) ? offered : [filters.period, ...offered];
  return (
    <div className="filter-bar" role="search">
      {show.framework ? (
        <span>
          <label htmlFor="filter-framework">{t('filter.framework')}</label>
          <Select
            id="filter-framework"
            data-testid="framework-select"
            style={{ minWidth: 260, maxWidth: '100%' }}
            loading={frameworks.loading}
            value={filters.framework}
            onChange={(v) => filters.setFramework(v)}
            options={(frameworks.data ?? []).map((f) => ({ value: f.code, label: name(f.name) }))}
            showSearch={{ optionFilterProp: 'label' }}
            popupMatchSelectWidth={false}
          />
        </span>
      ) : null}
      {show.region ? (
        <span>
          <label htmlFor="filter-region">{t('filter.region')}</label>
          <RegionCascader id="filter-region" regions={regions.data ?? []} value={filters.region} onChange={(code) => code && filters.setRegion(code)} />
        </span>
      ) : null}
      {show.period ? (
        <span>
          <label htmlFor="filter-period">{t('filter.period')}</label>
          <Select
            id="filter-period"
            data-testid="period-select"
            style={{ minWidth: 140 }}
            value={filters.period}
            onChange={(v) => filters.setPeriod(v)}
            options={periodList.map((p) => ({ value: p, label: fmtPeriod(p) }))}
          />
        </span>
      ) : null}
      {extra}
    </div>
  );
}

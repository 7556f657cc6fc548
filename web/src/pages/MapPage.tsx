/**
 * Map: a choropleth of the selected region's children for an indicator value or progress
 * status. Click a region to drill down; "up" returns to the parent. Regions whose children
 * have no boundary layer are shown as a sorted bar instead, and the page says why.
 */
import { ArrowUpOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { ApiError } from '../api/client.js';
import { childValues, indicatorRanking, type IndicatorRank } from '../api/live.js';
import { childBoundaries } from '../api/geo.js';
import { metadata } from '../api/metadata.js';
import { ApiState } from '../components/ApiState.js';
import { SortedBar } from '../components/charts.js';
import { ChoroplethMap, MapLegend } from '../components/ChoroplethMap.js';
import { QualityTag } from '../components/Status.js';
import { FilterBar, useRegions } from '../components/FilterBar.js';
import { useI18n } from '../i18n/index.js';
import { useFilters } from '../lib/filters.js';
import { useQueryParam } from '../lib/router.js';
import { useApi } from '../lib/useApi.js';

export default function MapPage() {
  const { t, name, tx, qty } = useI18n();
  const filters = useFilters();
  const { framework, region, period } = filters;
  const [indicatorParam, setIndicator] = useQueryParam('indicator');
  const [modeParam, setMode] = useQueryParam('mode');
  const mode = modeParam === 'status' ? 'status' : 'value';
  const regions = useRegions();
  const detail = useApi((_s) => metadata.framework(framework), [framework]);
  const indicators = detail.data?.indicators ?? [];
  const indicator = indicatorParam ?? indicators[0]?.indicator ?? null;
  const def = useApi(indicator ? () => metadata.indicator(indicator) : null, [indicator]);
  const unit = indicators.find((i) => i.indicator === indicator)?.unit ?? def.data?.unit ?? '';
  const geo = useApi((_s) => childBoundaries(region), [region]);
  const loaded = useApi(indicator && regions.data ? (signal) => childValues({ framework, indicator, region, period }, regions.data!, signal) : null, [framework, indicator, region, period, regions.data]);
  const values = { ...loaded, data: loaded.data?.items };
  // The children ranked on the indicator (ties share a rank), from the same figures.
  const ranked = useApi(
    indicator && loaded.data && def.data ? (signal) => indicatorRanking({ framework, indicator, region, period }, loaded.data!.items, def.data!.polarity === 'lower_is_better', signal) : null,
    [framework, indicator, region, period, loaded.data, def.data],
  );
  const current = regions.data?.find((r) => r.code === region);
  const noLayer = geo.error instanceof ApiError && geo.error.status === 404;

  const data = useMemo(
    () =>
      (values.data ?? []).map((v) => ({
        code: v.region,
        name: name(v.regionName, v.region),
        value: v.value,
        status: v.status?.code ?? null,
        statusText: v.status ? (v.status.label ? name(v.status.label) : tx(`status.${v.status.code}`, v.status.code)) : t('status.no_data'),
      })),
    [values.data, name, tx, t],
  );
  const numbers = data.map((d) => d.value).filter((v): v is number => v !== null);
  const drill = (code: string) => {
    if (regions.data?.some((r) => r.parent === code)) filters.setRegion(code);
  };

  return (
    <div data-testid="page-map">
      <Typography.Title level={1} className="page-title" style={{ fontSize: 22 }}>{t('map.title')}</Typography.Title>
      <FilterBar
        extra={
          <>
            <span>
              <label htmlFor="map-indicator">{t('filter.indicator')}</label>
              <Select
                id="map-indicator"
                data-testid="map-indicator"
                style={{ minWidth: 260 }}
                value={indicator ?? undefined}
                onChange={(v) => setIndicator(v)}
                showSearch={{ optionFilterProp: 'label' }}
                options={indicators.map((i) => ({ value: i.indicator, label: name(i.indicatorName, i.indicator) }))}
                popupMatchSelectWidth={false}
              />
            </span>
            <Radio.Group value={mode} onChange={(e) => setMode(e.target.value === 'value' ? null : e.target.value)} optionType="button" aria-label={t('map.metric')}>
              <Radio.Button value="value">{t('map.metric.value')}</Radio.Button>
              <Radio.Button value="status">{t('map.metric.status')}</Radio.Button>
            </Radio.Group>
          </>
        }
      />
      <Card
        size="small"
        title={
          <Space wrap>
            <span>{current ? name(current.name) : region}</span>
            <span style={{ fontWeight: 400, color: '#595959' }}>{t('map.drill')}</span>
          </Space>
        }
        extra={
          current?.parent ? (
            <Button icon={<ArrowUpOutlined />} onClick={() => filters.setRegion(current.parent!)} data-testid="map-up">
              {t('map.up')}
            </Button>
          ) : null
        }
      >
        {noLayer ? <Alert type="info" showIcon title={t('map.noGeo')} style={{ marginBottom: 12 }} /> : null}
        <ApiState loading={values.loading || (geo.loading && !noLayer)} error={values.error ?? (noLayer ? undefined : geo.error)} onRetry={values.reload}>
          {!noLayer && geo.data ? (
            <ChoroplethMap mapKey={`children-${region}`} geojson={geo.data} data={data} mode={mode} unit={unit} title={t('map.title')} onRegionClick={drill} />
          ) : (
            <SortedBar items={data.map((d) => ({ code: d.code, name: d.name, value: d.value }))} unit={unit} title={t('map.title')} onClick={drill} />
          )}
          <MapLegend mode={mode} min={numbers.length ? Math.min(...numbers) : null} max={numbers.length ? Math.max(...numbers) : null} unit={unit} />
          {loaded.data ? <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="figures-source" data-source={loaded.data.source}>{t(`source.${loaded.data.source}`)}</Typography.Text> : null}
        </ApiState>
      </Card>
      <Card size="small" title={t('map.ranking')} style={{ marginTop: 16 }}>
        <ApiState loading={ranked.loading} error={ranked.error}>
          <Table<IndicatorRank>
            data-testid="map-ranking"
            size="small"
            rowKey="region"
            pagination={{ pageSize: 12, hideOnSinglePage: true }}
            dataSource={ranked.data?.items ?? []}
            columns={[
              { title: t('assessment.col.rank'), dataIndex: 'rank', width: 110, render: (v: number | null, r) => <span>{v ?? t('common.noValue')}{r.tiedWith > 1 ? <Tag style={{ marginInlineStart: 6 }}>{t('assessment.tie')}</Tag> : null}</span> },
              { title: t('assessment.col.region'), render: (_, r) => name(r.regionName, r.region) },
              { title: t('common.value'), render: (_, r) => (r.value === null ? t('status.no_data') : <span data-testid={`rank-value-${r.region}`}>{qty(r.value, unit)} <QualityTag quality={r.quality} /></span>) },
              { title: t('assessment.col.change'), dataIndex: 'change', width: 110, render: (c: number | null) => (c === null ? t('common.noValue') : c === 0 ? '→ 0' : c > 0 ? `↑ ${c}` : `↓ ${-c}`) },
            ]}
          />
        </ApiState>
      </Card>
    </div>
  );
}

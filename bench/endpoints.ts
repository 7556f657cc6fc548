/**
 * The URLs the API benchmark loads, one per dashboard question (map, trend, scorecard, ranking,
 * index) of src/http/routes/dashboard.routes.ts. Should the routes be missing (an older tree),
 * the nearest existing public reads stand in: the published evaluation run's results (stated
 * in the table as "interim").
 */
import { existsSync } from 'node:fs';
import type { Endpoint } from './api.js';
import type { ProfileSpec } from './profiles.js';

export interface DashboardContext {
  readonly profile: ProfileSpec;
  /** Published evaluation run per province. */
  readonly runIds: Readonly<Record<string, number>>;
  /** Region whose children the map and index compare. */
  readonly root: string;
  /** Region of the trend and the scorecard. */
  readonly region: string;
  readonly year: number;
  /** Framework code of the scorecard, map targets and index. */
  readonly framework: string;
}

export const DASHBOARD_ROUTES = 'src/http/routes/dashboard.routes.ts';

export function dashboardEndpoints(c: DashboardContext): Endpoint[] {
  const run = c.runIds[`${c.region.slice(0, 2)}0000`] ?? Object.values(c.runIds)[0];
  if (!existsSync(DASHBOARD_ROUTES)) {
    const results = `/api/v1/evaluations/${run}/results`;
    return [
      { name: 'map', path: `${results}?indicator=IMR&kind=value&limit=500` },
      { name: 'scorecard', path: `${results}?region=${c.region}&kind=attainment&limit=500` },
      { name: 'ranking', path: `${results}?kind=rank&limit=500` },
      { name: 'index', path: `${results}?kind=index&limit=500` },
    ].map((e) => ({ ...e, name: `${e.name} (interim: evaluation results)` }));
  }
  const year = c.year;
  const fw = c.framework;
  return [
    { name: 'map', path: `/api/v1/dashboard/map?indicator=IMR&region=${c.root}&period=${year}&framework=${fw}` },
    { name: 'trend', path: `/api/v1/dashboard/trend?indicator=IMR_MONTHLY&region=${c.region}&periodType=month` },
    { name: 'scorecard', path: `/api/v1/dashboard/scorecard?framework=${fw}&region=${c.region}&period=${year}` },
    { name: 'ranking', path: `/api/v1/dashboard/ranking?region=${c.root}&by=indicator&indicator=IMR&period=${year}&level=county` },
    { name: 'index', path: `/api/v1/dashboard/index?framework=${fw}&region=${c.root}&from=${year}&to=${year}` },
  ];
}

/**
 * The URLs the API benchmark loads, one per dashboard question (map, trend, scorecard, ranking,
 * index). While the dashboard routes (src/http/routes/dashboard.routes.ts) do not exist, the
 * nearest existing public reads stand in: the published evaluation run's results (stated in
 * the table as "interim").
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
  return [
    { name: 'map', path: `/api/v1/dashboard/map?indicator=IMR&parent=${c.root}&period=${year}` },
    { name: 'trend', path: `/api/v1/dashboard/trend?indicator=IMR&region=${c.region}` },
    { name: 'scorecard', path: `/api/v1/dashboard/scorecard?region=${c.region}&year=${year}` },
    { name: 'ranking', path: `/api/v1/dashboard/ranking?indicator=IMR&within=${c.root}&level=county&year=${year}` },
    { name: 'index', path: `/api/v1/dashboard/index?parent=${c.root}&year=${year}` },
  ];
}

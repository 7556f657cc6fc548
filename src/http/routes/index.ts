/**
 * Every route module under /api/v1. Each default-exports a Fastify plugin; add one line per module.
 */
import type { FastifyPluginAsync } from 'fastify';

type RouteModule = { default: FastifyPluginAsync };

export const routeModules: Array<() => Promise<RouteModule>> = [
  // Platform plugins (auth, CSRF, request scope): MUST stay first; they decorate the /api/v1 context.
  () => import('../plugins/index.js'),
  () => import('./health.routes.js'),
  () => import('./web.routes.js'),
  () => import('./auth.routes.js'),
  () => import('./tokens.routes.js'),
  () => import('./users.routes.js'),
  () => import('./audit.routes.js'),
  () => import('./regions.routes.js'),
  () => import('./periods.routes.js'),
  () => import('./frameworks.routes.js'),
  () => import('./indicators.routes.js'),
  () => import('./targets.routes.js'),
  () => import('./datasets.routes.js'),
  () => import('./data-entry.routes.js'),
  () => import('./data-values.routes.js'),
  () => import('./workflow.routes.js'),
  () => import('./inbox.routes.js'),
  () => import('./attachments.routes.js'),
  () => import('./form-excel.routes.js'),
  () => import('./imports.routes.js'),
  () => import('./dhis2.routes.js'),
  () => import('./evaluations.routes.js'),
  () => import('./dashboard.routes.js'),
];

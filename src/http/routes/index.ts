/**
 * Every route module under /api/v1. Each default-exports a Fastify plugin; add one line per module.
 */
import type { FastifyPluginAsync } from 'fastify';

type RouteModule = { default: FastifyPluginAsync };

export const routeModules: Array<() => Promise<RouteModule>> = [
  () => import('./health.routes.js'),
];

/**
 * The HTTP API as a Fastify plugin tree. `buildApp` wires, in order: external plugins
 * (security headers, cookies, OpenAPI), error handling, then every route module under
 * `/api/v1`. Only `src/http/server.ts` listens; tests call `buildApp(...).inject()` or
 * listen on an ephemeral port themselves.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import helmet from '@fastify/helmet';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { VitalsConfig } from '../config.js';
import type { Database } from '../storage/database.js';
import { registerErrorHandling } from './errors.js';
import { routeModules } from './routes/index.js';
import { registerWebApp } from './routes/web.routes.js';

export interface AppOptions {
  readonly config: VitalsConfig;
  readonly database: Database;
  /** Pino logger options or false; tests pass false. */
  readonly logger?: boolean | object;
  /** Injected clock so sessions, windows and due dates are testable. */
  readonly now?: () => Date;
}

declare module 'fastify' {
  interface FastifyInstance {
    vitals: { readonly config: VitalsConfig; readonly database: Database; readonly now: () => Date };
  }
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.config.bodyLimit,
    // Only behind a reverse proxy does the client address come from X-Forwarded-For.
    trustProxy: options.config.trustProxy,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: true } },
  });
  app.decorate('vitals', { config: options.config, database: options.database, now: options.now ?? (() => new Date()) });

  await app.register(helmet, {
    // The SPA and its charts need inline styles (Ant Design injects CSS-in-JS).
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
      },
    },
  });
  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      info: { title: 'Vitals API', version: '1', description: '健康规划监测评估平台 API — monitoring and evaluation of public-health plans' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'vitals_session' },
          token: { type: 'http', scheme: 'bearer' },
        },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  registerErrorHandling(app);

  await app.register(
    async (api) => {
      for (const load of routeModules) await api.register((await load()).default);
    },
    { prefix: '/api/v1' },
  );
  // The single-page web app at `/` (web/dist, built by `npm run build:web`), registered after
  // the API so that /api/* keeps its JSON 404s; every other GET path falls back to index.html.
  await registerWebApp(app);
  return app;
}

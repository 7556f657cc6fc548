/**
 * Read-your-writes for HTTP users (issue 6, src/storage/replicas.ts): every /api/v1 request runs
 * in its own read session, which the authentication hook names after the signed-in actor
 * (`setReadSessionKey`). A write a user makes on the primary is then never hidden from that
 * user's later reads through `database.readDb`, even while a replica lags; anonymous requests
 * stay unnamed, so they track no writes and read from a replica.
 *
 * The session is entered in `onRequest` and entered again in `preHandler`: the handler runs in
 * the async context of the preHandler chain, so the session reaches it even if body parsing
 * (stream events) ran in another context.
 */
import type { FastifyInstance } from 'fastify';
import { runInGivenReadSession, type ReadSession } from '../../storage/replicas.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The request's read session (its key is the actor id once authenticated). */
    readSession: ReadSession;
  }
}

/** Register the read-session hooks; must run before the authentication hook is added. */
export function registerReadSession(app: FastifyInstance): void {
  app.decorateRequest('readSession', null as unknown as ReadSession);
  app.addHook('onRequest', (request, _reply, done) => {
    request.readSession = { key: undefined };
    runInGivenReadSession(request.readSession, done);
  });
  app.addHook('preHandler', (request, _reply, done) => {
    runInGivenReadSession(request.readSession, done);
  });
}

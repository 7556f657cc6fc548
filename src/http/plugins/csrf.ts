/**
 * CSRF protection for cookie sessions: double submit bound to the session. A state-changing
 * request (anything but GET, HEAD, OPTIONS) must carry `X-CSRF-Token` equal to the
 * `vitals_csrf` cookie, and that value must be the token issued with THIS session (its digest
 * is stored with the session). A cross-site page can neither read the cookie nor set the header.
 * Cookies are also SameSite=Strict, so this is the second of two independent defences.
 */
import type { FastifyRequest } from 'fastify';
import { VitalsError } from '../../core/errors.js';
import { digest, safeEqual, type Principal } from '../../services/auth/index.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isUnsafeMethod(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

/** @throws VITALS_E_CSRF when an unsafe session request lacks the matching token */
export function checkCsrf(request: FastifyRequest, principal: Principal): void {
  if (!isUnsafeMethod(request.method) || principal.via !== 'session') return;
  const header = request.headers['x-csrf-token'];
  const cookie = request.cookies['vitals_csrf'];
  if (typeof header !== 'string' || header.length === 0 || header.length > 200) {
    throw new VitalsError('VITALS_E_CSRF', {}, { reason: 'the X-CSRF-Token header is missing' });
  }
  if (typeof cookie !== 'string' || !safeEqual(header, cookie)) {
    throw new VitalsError('VITALS_E_CSRF', {}, { reason: 'the X-CSRF-Token header does not match the vitals_csrf cookie' });
  }
  if (!principal.csrfHash || !safeEqual(digest(header), principal.csrfHash)) {
    throw new VitalsError('VITALS_E_CSRF', {}, { reason: 'the CSRF token does not belong to this session' });
  }
}

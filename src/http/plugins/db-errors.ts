/**
 * Constraint violations from PostgreSQL as user errors: a duplicate key is a 409, a failed
 * CHECK or foreign key is a 400 naming the constraint. Anything else is rethrown unchanged
 * (the error handler turns it into a logged 500).
 */
import { isVitalsError, VitalsError } from '../../core/errors.js';

interface PgError {
  code?: string;
  constraint?: string;
  detail?: string;
  message?: string;
}

export function translateDatabaseError(error: unknown): unknown {
  if (isVitalsError(error) || !error || typeof error !== 'object') return error;
  const e = error as PgError;
  if (typeof e.code !== 'string' || !/^2[23]/.test(e.code)) return error;
  const what = [e.constraint ? `constraint ${e.constraint}` : '', e.detail ?? ''].filter(Boolean).join(': ');
  if (e.code === '23505') return new VitalsError('VITALS_E_CONFLICT', { detail: what || 'duplicate key' });
  return new VitalsError('VITALS_E_INVALID_INPUT', { detail: what || (e.message ?? 'rejected by the database') });
}

/** Run a write; constraint violations become VitalsErrors. */
export async function guardedWrite<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    throw translateDatabaseError(error);
  }
}

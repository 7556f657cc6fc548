/**
 * Every API call the app makes, one function each, so that a renamed route is fixed in one
 * place. Paths are relative to /api/v1 (docs/api.md). Request and response shapes are the
 * server's own TypeBox schemas (`Static<>`) where they exist.
 */
import type { Static } from '@sinclair/typebox';
import type { CreatedUser, LoginResponse, Me, UserView } from '../../../src/http/schemas/auth.schema.js';
import { api, setCsrfToken } from './client.js';
import type { SessionUser } from './types.js';

export type User = Static<typeof UserView>;
export type NewUser = {
  username: string;
  displayName: string;
  roles: string[];
  captureScope?: string[];
  viewScope?: string[];
  password?: string;
};

function sessionUser(answer: Static<typeof Me> | Static<typeof LoginResponse>): SessionUser {
  if ('csrfToken' in answer) setCsrfToken(answer.csrfToken);
  return { ...answer.user, permissions: answer.permissions };
}

export const auth = {
  async me(): Promise<SessionUser> {
    return sessionUser(await api.get<Static<typeof Me>>('/auth/me'));
  },
  async login(username: string, password: string): Promise<SessionUser> {
    return sessionUser(await api.post<Static<typeof LoginResponse>>('/auth/login', { username, password }));
  },
  async changePassword(currentPassword: string, newPassword: string): Promise<void> {
    await api.post('/auth/password', { currentPassword, newPassword });
  },
  async logout(): Promise<void> {
    await api.post('/auth/logout');
    setCsrfToken(null);
  },
};

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export const users = {
  list: (query: { q?: string; role?: string; limit?: number; offset?: number } = {}) => api.get<Page<User>>('/users', query),
  create: (body: NewUser) => api.post<Static<typeof CreatedUser>>('/users', body),
  update: (id: string, body: Partial<NewUser> & { disabled?: boolean; expectedVersion?: number }) => api.patch<User>(`/users/${encodeURIComponent(id)}`, body),
  resetPassword: (id: string) => api.post<{ password?: string; generatedPassword?: string }>(`/users/${encodeURIComponent(id)}/password-reset`),
};

export interface AuditEntry {
  id: number;
  occurredAt: string;
  actor: string;
  action: string;
  entity: string;
  entityKey: string;
  region: string | null;
  period: string | null;
  oldValue: unknown;
  newValue: unknown;
  reason: string | null;
  context: unknown;
}

export const audit = {
  list: (query: { entity?: string; action?: string; actor?: string; region?: string; limit?: number; offset?: number }) => api.get<Page<AuditEntry>>('/audit', query),
};

/**
 * Who is logged in, from the server's own answer. The client hides what a role cannot use
 * (fewer dead ends), but every permission is decided again by the API on each request.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { onUnauthenticated } from '../api/client.js';
import { auth } from '../api/endpoints.js';
import type { SessionUser } from '../api/types.js';

export interface Session {
  readonly user: SessionUser | null;
  readonly ready: boolean;
  login(username: string, password: string): Promise<SessionUser>;
  logout(): Promise<void>;
  refresh(): Promise<void>;
  has(role: string): boolean;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<SessionUser | null>(null);
  const [ready, setReady] = useState(false);
  const refresh = useCallback(async () => {
    try {
      setUser(await auth.me());
    } catch {
      setUser(null);
    } finally {
      setReady(true);
    }
  }, []);
  useEffect(() => {
    void refresh();
    onUnauthenticated(() => setUser(null));
  }, [refresh]);
  const login = useCallback(async (username: string, password: string) => {
    const next = await auth.login(username, password);
    setUser(next);
    return next;
  }, []);
  const logout = useCallback(async () => {
    try {
      await auth.logout();
    } finally {
      setUser(null);
    }
  }, []);
  const value = useMemo<Session>(
    () => ({ user, ready, login, logout, refresh, has: (role) => !!user?.roles.includes(role) }),
    [user, ready, login, logout, refresh],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

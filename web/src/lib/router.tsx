/**
 * A tiny history-API router: the app has a handful of pages and keeps its filters in the
 * query string, so that every view is a shareable link and the browser's back button works.
 */
import { useEffect, useState, type AnchorHTMLAttributes, type MouseEvent } from 'react';

export interface Location {
  readonly path: string;
  readonly query: URLSearchParams;
}

const listeners = new Set<() => void>();

function read(): Location {
  return { path: window.location.pathname, query: new URLSearchParams(window.location.search) };
}

/** Go to `to` (path with optional query); `replace` keeps the history entry. */
export function navigate(to: string, replace = false): void {
  if (replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  for (const listener of listeners) listener();
}

export function useLocation(): Location {
  const [location, setLocation] = useState(read);
  useEffect(() => {
    const update = () => setLocation(read());
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return location;
}

/** Read and update one query parameter, keeping the others (filters survive page changes). */
export function useQueryParam(name: string): [string | null, (value: string | null) => void] {
  const { query } = useLocation();
  const set = (value: string | null) => {
    const next = new URLSearchParams(window.location.search);
    if (value === null || value === '') next.delete(name);
    else next.set(name, value);
    const qs = next.toString();
    navigate(`${window.location.pathname}${qs ? `?${qs}` : ''}`, true);
  };
  return [query.get(name), set];
}

/** `pattern` like `/indicators/:code`; returns the parameters or null. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split('/').filter(Boolean);
  const s = path.split('/').filter(Boolean);
  if (p.length !== s.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    if (p[i]!.startsWith(':')) params[p[i]!.slice(1)] = decodeURIComponent(s[i]!);
    else if (p[i] !== s[i]) return null;
  }
  return params;
}

/** Keeps the shared filters (framework, region, period) when moving between pages. */
export function withFilters(path: string, extra: Record<string, string> = {}): string {
  const current = new URLSearchParams(window.location.search);
  const next = new URLSearchParams();
  for (const key of ['framework', 'region', 'period']) {
    const value = current.get(key);
    if (value) next.set(key, value);
  }
  for (const [k, v] of Object.entries(extra)) next.set(k, v);
  const qs = next.toString();
  return `${path}${qs ? `?${qs}` : ''}`;
}

export function Link({ to, children, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { to: string }) {
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return (
    <a href={to} onClick={onClick} {...rest}>
      {children}
    </a>
  );
}

/**
 * The language context: one switch (zh-CN default, English) drives every label, number,
 * date, period and unit through the catalogues, and Ant Design's own locale.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { MessageKey } from './zh-CN.js';
import {
  formatDate,
  formatNumber,
  formatPeriod,
  formatQuantity,
  formatUnit,
  hasKey,
  localName,
  translate,
  type Bilingual,
  type Locale,
  type Params,
} from './format.js';

export type { Locale, MessageKey, Bilingual };
export { hasKey };

export interface I18n {
  readonly locale: Locale;
  setLocale(locale: Locale): void;
  t(key: MessageKey, params?: Params): string;
  /** A key built from data (e.g. `status.${s}`); falls back to the raw value when unknown. */
  tx(key: string, fallback?: string, params?: Params): string;
  num(value: number | null | undefined, digits?: number): string;
  qty(value: number | null | undefined, unit: string | null | undefined, digits?: number): string;
  unit(unit: string | null | undefined): string;
  date(iso: string | null | undefined, withTime?: boolean): string;
  period(code: string | null | undefined): string;
  name(name: Bilingual, fallback?: string): string;
}

const STORAGE_KEY = 'vitals.locale';
const I18nContext = createContext<I18n | null>(null);

function initialLocale(): Locale {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

/** Current locale for non-React code (the API client's Accept-Language header). */
export let currentLocale: Locale = initialLocale();

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(currentLocale);
  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = translate(locale, 'app.title');
  }, [locale]);
  const setLocale = useCallback((next: Locale) => {
    currentLocale = next;
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      /* private mode: the choice lasts for this page only */
    }
    setLocaleState(next);
  }, []);
  const value = useMemo<I18n>(
    () => ({
      locale,
      setLocale,
      t: (key, params) => translate(locale, key, params),
      tx: (key, fallback, params) => (hasKey(key) ? translate(locale, key, params) : fallback ?? key),
      num: (v, digits) => formatNumber(locale, v, digits),
      qty: (v, unit, digits) => formatQuantity(locale, v, unit, digits),
      unit: (u) => formatUnit(locale, u),
      date: (iso, withTime) => formatDate(locale, iso, withTime),
      period: (code) => formatPeriod(locale, code),
      name: (n, fallback) => localName(locale, n, fallback),
    }),
    [locale, setLocale],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}

/**
 * The shared page filters (framework, region, period) kept in the URL, with defaults that
 * fit the shipped demo: the Healthy Hebei plan, Hebei province, the latest full year.
 */
import { useQueryParam } from './router.js';

export const DEFAULT_FRAMEWORK = 'healthy-hebei-2023-2027';
export const DEFAULT_REGION = '130000';

/** The last completed calendar year (figures for the current year are rarely complete). */
export function defaultYear(now = new Date()): string {
  return String(now.getFullYear() - 1);
}

export function useFilters() {
  const [framework, setFramework] = useQueryParam('framework');
  const [region, setRegion] = useQueryParam('region');
  const [period, setPeriod] = useQueryParam('period');
  return {
    framework: framework ?? DEFAULT_FRAMEWORK,
    region: region ?? DEFAULT_REGION,
    period: period ?? defaultYear(),
    setFramework,
    setRegion,
    setPeriod,
  };
}

/** Years offered in period pickers: the plan years 2019…current. */
export function yearOptions(now = new Date()): string[] {
  const years: string[] = [];
  for (let y = now.getFullYear(); y >= 2019; y--) years.push(String(y));
  return years;
}

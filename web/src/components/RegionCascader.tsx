/**
 * Region picker: a Cascader over the region tree, searchable by Chinese name, pinyin
 * initials (石家庄 → sjz) or division code.
 */
import { Cascader } from 'antd';
import { pinyin } from 'pinyin-pro';
import { useMemo } from 'react';
import type { RegionNode } from '../api/types.js';
import { useI18n } from '../i18n/index.js';

interface Option {
  value: string;
  label: string;
  search: string;
  children?: Option[];
}

const initialsCache = new Map<string, string>();
/** Pinyin initials of a Chinese name, lower case: 石家庄市 → sjzs. */
export function pinyinInitials(name: string): string {
  let hit = initialsCache.get(name);
  if (hit === undefined) {
    hit = (pinyin(name, { pattern: 'first', toneType: 'none', type: 'array' }) as string[]).join('').toLowerCase();
    initialsCache.set(name, hit);
  }
  return hit;
}

/** Does `query` match the region by name, pinyin initials or code? */
export function regionMatches(query: string, region: { code: string; name: string; nameEn?: string | undefined }): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  if (/^\d+$/.test(q)) return region.code.startsWith(q);
  if (region.name.includes(query.trim())) return true;
  if (region.nameEn && region.nameEn.toLowerCase().includes(q)) return true;
  return /^[a-z]+$/.test(q) && pinyinInitials(region.name).startsWith(q);
}

/** Path of codes from the root of `regions` to `code` (for the Cascader's value). */
export function pathTo(regions: readonly RegionNode[], code: string | null | undefined): string[] {
  if (!code) return [];
  const byCode = new Map(regions.map((r) => [r.code, r]));
  const path: string[] = [];
  let current = byCode.get(code);
  while (current) {
    path.unshift(current.code);
    current = current.parent ? byCode.get(current.parent) : undefined;
  }
  return path;
}

export interface RegionCascaderProps {
  readonly regions: readonly RegionNode[];
  readonly value: string | null;
  readonly onChange: (code: string | null) => void;
  readonly style?: React.CSSProperties;
  readonly id?: string;
}

export function RegionCascader({ regions, value, onChange, style, id }: RegionCascaderProps) {
  const { t, name, locale } = useI18n();
  const options = useMemo(() => {
    const byParent = new Map<string, RegionNode[]>();
    const codes = new Set(regions.map((r) => r.code));
    for (const r of regions) {
      const parent = r.parent && codes.has(r.parent) ? r.parent : '';
      const list = byParent.get(parent) ?? [];
      list.push(r);
      byParent.set(parent, list);
    }
    const build = (parent: string): Option[] =>
      (byParent.get(parent) ?? [])
        .sort((a, b) => a.code.localeCompare(b.code))
        .map((r) => {
          const zh = name(r.name);
          const children = byParent.has(r.code) ? build(r.code) : undefined;
          const label = locale === 'en' ? name(r.name) : zh;
          const search = `${r.code} ${typeof r.name === 'string' ? r.name : r.name.zh ?? ''} ${typeof r.name === 'string' ? '' : r.name.en ?? ''}`;
          return children ? { value: r.code, label, search, children } : { value: r.code, label, search };
        });
    return build('');
  }, [regions, name, locale]);

  return (
    <Cascader
      id={id}
      aria-label={t('filter.region')}
      data-testid="region-cascader"
      style={{ minWidth: 220, ...style }}
      options={options}
      // Until the tree has loaded, show the code rather than an empty picker.
      value={regions.length || !value ? pathTo(regions, value) : [value]}
      changeOnSelect
      placeholder={t('filter.regionSearch')}
      onChange={(path) => onChange(path && path.length ? String(path[path.length - 1]) : null)}
      showSearch={{
        // Match the option itself (not its ancestors): "130100" or "sjz" lists 石家庄市 once,
        // not all of its counties.
        filter: (input, path) => {
          const opt = path[path.length - 1] as unknown as Option | undefined;
          if (!opt) return false;
          const [code, zh, en] = [opt.value, opt.search.split(' ')[1] ?? '', opt.search.split(' ').slice(2).join(' ')];
          return regionMatches(input, { code, name: zh, nameEn: en });
        },
        limit: 50,
      }}
    />
  );
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Diagnostics } from '../diagnostics.js';
import { parseTargetWording } from './parse-wording.js';
import { validateTargetSpec } from './validate.js';

/** Fragments of real wordings, so that random strings reach deep into the rules. */
const fragment = fc.constantFrom(
  '达到', '以上', '以下', '及以上', '%', '％', '左右', '比', '在', '年', '基础上', '2015', '2020', '降低', '提高', '至', '1', '0.5', '７', '.', '-', '—', '～',
  '个百分点', '并', '且', '或', '分别', '全覆盖', '县级', '设区市', '每个', '县(市、区)', '建成', '所', '逐年', '持续', '下降', '提升', '减缓', '增速', '明显', '改善',
  '≥', '≤', '<', '>', '＞', '不低于', '不少于', '超过', '同比例', '全国', '国家', '平均水平', '优于', '低于', '保持', '稳定', '实现', '力争', '每年', '/10万', '岁', '张', '个',
  '，', ',', '、', ' ', '　', '', '\u0000', '🙂',
);
const wording = fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.array(fragment, { maxLength: 12 }).map((parts) => parts.join('')));
const context = fc.record(
  {
    polarity: fc.constantFrom('higher_is_better', 'lower_is_better', 'neutral' as const),
    unit: fc.constantFrom('%', '个', '1/10万', ''),
    baselineYear: fc.integer({ min: 1990, max: 2030 }),
    referenceIndicator: fc.constantFrom('LE', 'HALE'),
    parentRegion: fc.constant('130000'),
  },
  { requiredKeys: [] },
);

describe('parseTargetWording is total', () => {
  it('never throws and always returns a structurally valid spec', () => {
    fc.assert(
      fc.property(wording, context, (w, c) => {
        const parsed = parseTargetWording(w, c);
        expect(['exact', 'partial', 'unparsed']).toContain(parsed.confidence);
        expect(parsed.notes.every((n) => typeof n === 'string')).toBe(true);
        const d = new Diagnostics();
        expect(validateTargetSpec(parsed.spec, d), JSON.stringify({ w, spec: parsed.spec, errors: d.errors })).toBe(true);
        if (parsed.confidence === 'unparsed') expect(parsed.spec).toEqual({ kind: 'qualitative' });
      }),
      { numRuns: 500 },
    );
  });
});

/**
 * Name normalisation for matching user-typed region names: `石家庄` ↔ `石家庄市`,
 * `孟村` ↔ `孟村回族自治县`, full-width ↔ half-width. Used by the tree's name index.
 */

// The 55 minority nationalities, longest first so that `土家` wins over `土`.
const ETHNIC_GROUPS = [
  '柯尔克孜', '乌孜别克', '维吾尔', '哈萨克', '达斡尔', '塔吉克', '俄罗斯', '鄂温克', '塔塔尔', '鄂伦春',
  '蒙古', '布依', '朝鲜', '土家', '哈尼', '傈僳', '高山', '拉祜', '东乡', '纳西', '景颇', '仫佬', '布朗',
  '撒拉', '毛南', '仡佬', '锡伯', '阿昌', '普米', '德昂', '保安', '裕固', '独龙', '赫哲', '门巴', '珞巴',
  '基诺', '回', '藏', '苗', '彝', '壮', '满', '侗', '瑶', '白', '傣', '黎', '佤', '畲', '水', '土', '羌',
  '怒', '京',
];

// Official names sometimes omit 族 (`伊犁哈萨克自治州`), so it is optional between groups.
const AUTONOMOUS = new RegExp(`(?:(?:${ETHNIC_GROUPS.join('|')})族?)+(?:自治州|自治县|自治旗|民族乡|民族镇|族乡)$`);

// Province-level autonomous regions and SARs: a fixed list, clearer than a clever pattern
// (`内蒙古自治区` must not lose `蒙古`).
const PROVINCIAL_SHORT: Readonly<Record<string, string>> = {
  内蒙古自治区: '内蒙古',
  广西壮族自治区: '广西',
  西藏自治区: '西藏',
  宁夏回族自治区: '宁夏',
  新疆维吾尔自治区: '新疆',
  香港特别行政区: '香港',
  澳门特别行政区: '澳门',
};

// Longest first: `林区` before `区`.
const SUFFIXES = ['特别行政区', '自治区', '自治州', '自治县', '自治旗', '林区', '特区', '矿区', '新区', '地区', '街道', '省', '市', '区', '县', '旗', '盟', '镇', '乡'];

/** Full-width → half-width (NFKC) and no whitespace: how names are compared. */
export function normalizeRegionName(name: string): string {
  return name.normalize('NFKC').replace(/\s+/g, '');
}

/**
 * The name without its administrative suffix: `石家庄市` → `石家庄`, `孟村回族自治县` → `孟村`,
 * `井陉矿区` → `井陉`. Never strips a name down to nothing.
 */
export function stripRegionSuffix(name: string): string {
  const n = normalizeRegionName(name);
  const provincial = PROVINCIAL_SHORT[n];
  if (provincial) return provincial;
  const autonomous = AUTONOMOUS.exec(n);
  if (autonomous && autonomous.index >= 2) return n.slice(0, autonomous.index);
  for (const suffix of SUFFIXES) {
    if (n.endsWith(suffix) && n.length > suffix.length) return n.slice(0, n.length - suffix.length);
  }
  return n;
}

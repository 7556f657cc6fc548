/**
 * English names for Chinese divisions, made at load time from the Chinese name: the place part
 * in Hanyu Pinyin (GB/T 16159 / the UN-adopted romanisation of Chinese place names: one word,
 * capitalised, an apostrophe before a syllable starting with a, o or e — 长安 Chang'an), the
 * type in English (区 District, 县 County, 自治州 Autonomous Prefecture…), and the peoples of
 * an autonomous division by their official English names (围场满族蒙古族自治县 → Weichang
 * Manchu and Mongol Autonomous County). Prefecture-level cities and provinces drop their
 * type word (石家庄市 → Shijiazhuang, 河北省 → Hebei), as the maps and statistics yearbooks do.
 *
 * Readings that a general-purpose pinyin converter gets wrong for place names (大城 Dacheng,
 * 乐亭 Laoting, 蔚县 Yu County…) and conventional English names (陕西 Shaanxi, 西藏 Tibet,
 * 香港 Hong Kong) are listed explicitly below.
 */
import { pinyin } from 'pinyin-pro';
import type { RegionLevel } from '../core/region/index.js';

/** Names with an established English form or a pinyin a converter cannot guess. */
const WHOLE_NAMES: Readonly<Record<string, string>> = {
  中华人民共和国: 'China',
  陕西省: 'Shaanxi',
  内蒙古自治区: 'Inner Mongolia',
  西藏自治区: 'Tibet',
  香港特别行政区: 'Hong Kong',
  澳门特别行政区: 'Macao',
};

/** Place-name readings (without the type word) that differ from the converter's default. */
const PLACE_READINGS: Readonly<Record<string, string>> = {
  大城: 'Dacheng',
  乐亭: 'Laoting',
  蔚: 'Yu',
  单: 'Shan',
  乐清: 'Yueqing',
  喀什: 'Kashi',
  洪洞: 'Hongtong',
  六安: "Lu'an",
  六合: 'Luhe',
  番禺: 'Panyu',
  铅山: 'Yanshan',
  莘: 'Shen',
  东阿: "Dong'e",
  长子: 'Zhangzi',
  阿勒泰: 'Altay',
  巴音郭楞: 'Bayingolin',
  锡林郭勒: 'Xilingol',
  呼伦贝尔: 'Hulunbuir',
  乌鲁木齐: 'Urumqi',
  重庆: 'Chongqing',
  伊犁: 'Ili',
  博尔塔拉: 'Bortala',
  克孜勒苏: 'Kizilsu',
  塔什库尔干: 'Taxkorgan',
  察布查尔: 'Qapqal',
  和布克赛尔: 'Hoboksar',
  巴里坤: 'Barkol',
  木垒: 'Mori',
  阿克苏: 'Aksu',
  和田: 'Hotan',
  阿克塞: 'Aksay',
  阿拉善: 'Alxa',
};

/** Characters whose place-name reading is not the converter's everyday one (三都 Sandu, 望都 Wangdu). */
const CHAR_READINGS: Readonly<Record<string, string>> = { 都: 'du' };

/** Whole names whose type word is not the usual one (…林区 is usually a district ending in 林). */
const WHOLE_TYPED: Readonly<Record<string, string>> = {
  神农架林区: 'Shennongjia Forestry District',
  石家庄循环化工园区: 'Shijiazhuang Circular Chemical Industry Park',
};

/** Official English names of the peoples named in autonomous divisions (without 族). */
const PEOPLES: Readonly<Record<string, string>> = {
  回: 'Hui', 满: 'Manchu', 蒙古: 'Mongol', 藏: 'Tibetan', 维吾尔: 'Uygur', 苗: 'Miao', 彝: 'Yi', 壮: 'Zhuang',
  布依: 'Bouyei', 朝鲜: 'Korean', 侗: 'Dong', 瑶: 'Yao', 白: 'Bai', 土家: 'Tujia', 哈尼: 'Hani', 哈萨克: 'Kazak',
  傣: 'Dai', 黎: 'Li', 傈僳: 'Lisu', 佤: 'Va', 畲: 'She', 拉祜: 'Lahu', 水: 'Shui', 东乡: 'Dongxiang', 纳西: 'Naxi',
  景颇: 'Jingpo', 柯尔克孜: 'Kirgiz', 土: 'Tu', 达斡尔: 'Daur', 仫佬: 'Mulam', 羌: 'Qiang', 布朗: 'Blang',
  撒拉: 'Salar', 毛南: 'Maonan', 仡佬: 'Gelao', 锡伯: 'Xibe', 普米: 'Pumi', 塔吉克: 'Tajik', 怒: 'Nu',
  鄂温克: 'Ewenki', 保安: 'Bonan', 裕固: 'Yugur', 独龙: 'Derung', 鄂伦春: 'Oroqen', 各: 'Multi-ethnic',
};
const PEOPLE_KEYS = Object.keys(PEOPLES).sort((a, b) => b.length - a.length);
/** Autonomous divisions sometimes omit 族 after a people's name of two or more characters (伊犁哈萨克自治州). */
const AUTONOMOUS = /自治(区|州|县|旗)$/;

/** Type words, longest first, per level; `null` English means the type word is dropped. */
type Suffix = readonly [zh: string, en: string | null];
const PROVINCE_SUFFIXES: readonly Suffix[] = [['特别行政区', null], ['自治区', null], ['省', null], ['市', null]];
const PREFECTURE_SUFFIXES: readonly Suffix[] = [['自治州', 'Autonomous Prefecture'], ['地区', 'Prefecture'], ['盟', 'League'], ['市', null]];
const COUNTY_SUFFIXES: readonly Suffix[] = [
  ['高新技术产业开发区', 'High-tech Industrial Development Zone'],
  ['经济技术开发区', 'Economic and Technological Development Zone'],
  ['经济开发区', 'Economic Development Zone'],
  ['开发区', 'Development Zone'],
  ['管理区', 'Administrative Zone'],
  ['自治县', 'Autonomous County'],
  ['自治旗', 'Autonomous Banner'],
  ['新城', 'New Town'],
  ['新区', 'New Area'],
  ['矿区', 'Mining District'],
  ['特区', 'Special District'],
  ['区', 'District'],
  ['县', 'County'],
  ['旗', 'Banner'],
  ['市', 'City'],
];
const TOWNSHIP_SUFFIXES: readonly Suffix[] = [['街道办事处', 'Subdistrict'], ['街道', 'Subdistrict'], ['民族乡', 'Ethnic Township'], ['镇', 'Town'], ['乡', 'Township'], ['苏木', 'Sumu']];

const SUFFIXES: Readonly<Record<RegionLevel, readonly Suffix[]>> = {
  nation: [],
  province: PROVINCE_SUFFIXES,
  prefecture: PREFECTURE_SUFFIXES,
  county: COUNTY_SUFFIXES,
  township: TOWNSHIP_SUFFIXES,
  unit: [],
};

/**
 * A place word in pinyin: syllables joined, an apostrophe where a syllable starting with a, o
 * or e would otherwise run into the previous one (西安 Xi'an, 长安 Chang'an), first letter
 * capitalised. Non-Chinese characters pass through.
 * @example placeInPinyin('石家庄') === 'Shijiazhuang'
 */
export function placeInPinyin(place: string): string {
  if (place === '') return '';
  const known = PLACE_READINGS[place];
  if (known) return known;
  const syllables = pinyin(place, { toneType: 'none', type: 'array', nonZh: 'consecutive' });
  const chars = [...place];
  const aligned = syllables.length === chars.length;
  const word = syllables
    .map((s, i) => (aligned ? CHAR_READINGS[chars[i]!] ?? s : s))
    .map((s, i) => (i > 0 && /^[aoe]/.test(s) ? `'${s}` : s))
    .join('')
    .replace(/\s+/g, '');
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** Split `围场满族蒙古族` into the place `围场` and the peoples `[Manchu, Mongol]`. */
function splitPeoples(stem: string): { place: string; peoples: string[] } {
  const peoples: string[] = [];
  let rest = stem;
  for (;;) {
    const withZu = rest.endsWith('族');
    const body = withZu ? rest.slice(0, -1) : rest;
    const key = PEOPLE_KEYS.find((k) => body.endsWith(k) && (withZu || k.length >= 2));
    if (!key) break;
    peoples.unshift(PEOPLES[key]!);
    rest = body.slice(0, -key.length);
  }
  return { place: rest, peoples };
}

function joinPeoples(peoples: readonly string[]): string {
  if (peoples.length <= 1) return peoples.join('');
  return `${peoples.slice(0, -1).join(', ')} and ${peoples[peoples.length - 1]}`;
}

/**
 * The English name of a division from its Chinese name, level and (optionally) the Chinese
 * names of its ancestors, outermost first (used for zones named after them).
 * @example englishRegionName('长安区', 'county') === "Chang'an District"
 * @example englishRegionName('围场满族蒙古族自治县', 'county') === 'Weichang Manchu and Mongol Autonomous County'
 */
export function englishRegionName(name: string, level: RegionLevel, ancestors: readonly string[] = []): string {
  const whole = WHOLE_NAMES[name] ?? WHOLE_TYPED[name];
  if (whole) return whole;
  // A type word of two or more characters needs a place of two or more before it: 清新区 is
  // 清新 District, not 清 New Area.
  const suffix = SUFFIXES[level].find(([zh]) => name.endsWith(zh) && name.length - zh.length >= (zh.length > 1 && !zh.startsWith('自治') ? 2 : 1));
  const stem = suffix ? name.slice(0, -suffix[0].length) : name;
  // Autonomous regions name their people before 自治区 (广西壮族自治区 → Guangxi): the place is enough.
  const { place, peoples } = AUTONOMOUS.test(name) ? splitPeoples(stem) : { place: stem, peoples: [] };
  const parts = [...prefixWords(place, ancestors)];
  if (peoples.length > 0 && level !== 'province') parts.push(joinPeoples(peoples));
  if (suffix?.[1]) parts.push(suffix[1]);
  return parts.filter((p) => p !== '').join(' ');
}

/**
 * Zones named after their province or city (河北唐山芦台 → Hebei Tangshan Lutai): each leading
 * ancestor name (with or without its type word) becomes its own word.
 */
function prefixWords(place: string, ancestors: readonly string[]): string[] {
  const words: string[] = [];
  let rest = place;
  for (const ancestor of ancestors) {
    const short = ancestor.replace(/(省|市|自治区|地区|盟|自治州)$/, '');
    const hit = [ancestor, short].find((a) => a.length >= 2 && rest.startsWith(a));
    if (!hit) continue;
    words.push(placeInPinyin(short));
    rest = rest.slice(hit.length);
  }
  return [...words, placeInPinyin(rest)];
}

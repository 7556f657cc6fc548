import { describe, expect, it } from 'vitest';
import { text, type Cell } from './cells.js';
import { detectHeader, fieldOf, headerKey, missingRequired } from './columns.js';
import { chooseEncoding, detectDelimiter, detectFormat } from './detect.js';

const row = (...labels: (string | undefined)[]): (Cell | undefined)[] => labels.map((l) => (l === undefined ? undefined : text(l)));

describe('column names', () => {
  it.each([
    ['地区', 'region'],
    ['地区代码', 'regionCode'],
    ['行政区划代码', 'regionCode'],
    ['Region', 'region'],
    ['region_code', 'regionCode'],
    ['Region Code', 'regionCode'],
    ['指标', 'dataElement'],
    ['数据元', 'dataElement'],
    ['data_element', 'dataElement'],
    ['dataElement', 'dataElement'],
    ['indicator', 'dataElement'],
    ['期间', 'period'],
    ['时期', 'period'],
    ['年份', 'period'],
    ['数值', 'value'],
    ['值', 'value'],
    ['数值（%）', 'value'],
    ['Value (‰)', 'value'],
    ['备注', 'comment'],
    ['性别', 'sex'],
    ['年龄组', 'ageGroup'],
    ['age_group', 'ageGroup'],
    ['城乡', 'area'],
    ['县（市、区）', 'region'],
    ['市', 'prefecture'],
    ['ＲＥＧＩＯＮ', 'region'], // full-width letters
  ])('%s → %s', (label, field) => {
    expect(fieldOf(label)).toBe(field);
  });

  it.each(['填报人', '单位负责人', 'updated_at', '数值说明'])('%s names nothing', (label) => {
    expect(fieldOf(label)).toBeUndefined();
  });

  it('folds brackets only when what is left is a known name', () => {
    expect(headerKey('数值（万人）')).toBe('数值');
    expect(headerKey('县(市、区)')).toBe('县(市、区)');
  });

  it('says which required columns are missing', () => {
    expect(missingRequired({ regionName: '地区名称', dataElement: '指标', period: '年份', value: '数值' })).toEqual([]);
    expect(missingRequired({ value: '数值' })).toEqual(['region', 'dataElement', 'period']);
  });
});

describe('detectHeader', () => {
  it('skips title rows and finds the header', () => {
    const found = detectHeader([row('2023年卫生统计'), row(), row('地区', '指标', '年份', '数值', '填报人'), row('长安区', 'POP', '2023', '5')]);
    expect(found).toMatchObject({ index: 2, firstIndex: 2 });
    expect(found!.mapping.ignored).toEqual(['填报人']);
  });

  it('combines a group label merged across columns with the sub-labels below it', () => {
    // Row 0: 地区 | 指标 | 期间 | 数据 | 数据 (merged) ; row 1: 地区 | 指标 | 期间 | 数值 | 备注.
    const found = detectHeader([row('地区', '指标', '期间', '数据', '数据'), row('地区', '指标', '期间', '数值', '备注'), row('长安区', 'POP', '2023', '5', '')]);
    expect(found!.index).toBe(1);
    expect(found!.mapping.labels).toMatchObject({ value: '数值', comment: '备注' });
  });

  it('finds nothing in a table without known headers', () => {
    expect(detectHeader([row('a', 'b'), row('1', '2')])).toBeUndefined();
  });
});

describe('format and encoding detection', () => {
  const bytes = (...b: number[]) => Buffer.from(b);
  it.each([
    ['x.xlsx', bytes(0x50, 0x4b, 0x03, 0x04), 'xlsx'],
    ['x.bin', bytes(0x50, 0x4b, 0x03, 0x04), 'xlsx'],
    ['x.csv', Buffer.from('地区,指标'), 'csv'],
    ['x.txt', Buffer.from('{"dataValues":[]}'), 'json'],
    ['x.json', Buffer.from('\uFEFF[{"a":1}]'), 'json'],
    ['upload', Buffer.from('region\tvalue'), 'csv'],
  ])('%s → %s', (name, head, format) => {
    expect(detectFormat(name, head)).toBe(format);
  });

  it('refuses Excel 97–2003 files with a hint', () => {
    expect(() => detectFormat('old.xls', bytes(0xd0, 0xcf, 0x11, 0xe0))).toThrow(/save it as \.xlsx/);
  });

  it('chooses GB18030 for bytes that are not UTF-8, and lets a BOM win', () => {
    const scan = { hash: '', size: 0, head: Buffer.alloc(0) };
    expect(chooseEncoding(scan)).toBe('utf8');
    expect(chooseEncoding({ ...scan, invalidUtf8At: 3 })).toBe('gb18030');
    expect(chooseEncoding({ ...scan, bom: 'utf16le' }, 'gb18030')).toBe('utf16le');
    expect(() => chooseEncoding({ ...scan, invalidUtf8At: 3 }, 'utf8')).toThrow(/not valid UTF-8 \(near byte 3\)/);
  });

  it('judges the delimiter from the first lines', () => {
    expect(detectDelimiter('标题,,,\n地区,指标,年份,数值\n')).toBe(',');
    expect(detectDelimiter('地区\t指标\t年份\t数值\n长安区\tPOP\t2023\t"1,234"\n')).toBe('\t');
    expect(detectDelimiter('地区;指标;年份;数值\n')).toBe(';');
  });
});

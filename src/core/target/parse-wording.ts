/**
 * Reads the Chinese wording of a target (`≥22`, `27左右`, `比2015年降低30%`, `县级全覆盖`,
 * `保持低于国家平均水平并逐年下降`…) into a `TargetSpec`, saying how sure it is. Total: any
 * string gives a result, never an exception; what it cannot read becomes `qualitative` with
 * confidence `unparsed`, never a guess presented as exact.
 */
import type { TargetSpec } from './types.js';
import { figures, normalizeWording, stripNonTargetFigures } from './wording/normalize.js';
import {
  aboutRule, achieveRule, annualChangeRule, benchmarkRule, changeWithoutYearRule, changeWithYearRule, coverageRule,
  directionRule, maintainRule, proportionalRule, qualitativeRule, rangeRule, reachRule, slowingGrowthRule, symbolRule,
  verbRule, countRule, type Hit, type Rule, type WordingContext,
} from './wording/rules.js';

export type { WordingContext } from './wording/rules.js';

export type ParseConfidence = 'exact' | 'partial' | 'unparsed';

export interface ParsedWording {
  readonly spec: TargetSpec;
  readonly confidence: ParseConfidence;
  /** What was assumed or left out, in English with the Chinese words quoted. */
  readonly notes: readonly string[];
}

/** Rules that need the years still in the text (a baseline year is part of the target). */
const RAW_RULES: readonly Rule[] = [annualChangeRule, changeWithYearRule];
/** Phrase rules that carry no figure of their own or read one in a fixed pattern. */
const PHRASE_RULES: readonly Rule[] = [benchmarkRule, coverageRule, slowingGrowthRule, proportionalRule];
/** Rules for one stated figure, after the several-figures guard. */
const FIGURE_RULES: readonly Rule[] = [symbolRule, rangeRule, changeWithoutYearRule, verbRule, aboutRule, reachRule, countRule];
/** Figure-free phrasings. */
const WORD_RULES: readonly Rule[] = [maintainRule, directionRule, qualitativeRule, achieveRule];

function unparsed(notes: readonly string[]): ParsedWording {
  return { spec: { kind: 'qualitative' }, confidence: 'unparsed', notes };
}

function firstHit(rules: readonly Rule[], clause: string, context: WordingContext): Hit | undefined {
  for (const rule of rules) {
    const hit = rule(clause, context);
    if (hit) return hit;
  }
  return undefined;
}

function parseClause(raw: string, context: WordingContext): ParsedWording {
  if (raw === '' || raw === '-') return unparsed(['empty wording']);
  if (/或/.test(raw)) return unparsed(['alternative targets (或) are not supported: write a spec']);
  const early = firstHit(RAW_RULES, raw, context);
  const clause = stripNonTargetFigures(raw);
  const count = figures(clause).length;
  if (early) {
    // The matched change used one figure; another one means the clause says more than we read.
    return count > 1 ? { ...early, confidence: 'partial', notes: [...early.notes, 'other figures in the wording were ignored'] } : early;
  }
  const phrase = firstHit(PHRASE_RULES, clause, context);
  if (count > 1) {
    return unparsed([`${count} figures in one wording (e.g. 分别…): write one target per milestone, or a spec`]);
  }
  const hit = phrase ?? (count === 1 ? firstHit(FIGURE_RULES, clause, context) : undefined) ?? firstHit(WORD_RULES, clause, context);
  if (!hit) return unparsed([`wording not recognised: ${raw}`]);
  // 每100万至200万人口设置1-2个: the figure is per a population that is itself a range.
  if (/每\d+万?至\d+万?人口/.test(raw) && hit.confidence === 'exact') {
    return { ...hit, confidence: 'partial', notes: [...hit.notes, 'the population base is a range; check the unit of the indicator'] };
  }
  return hit;
}

/** Splits 保持低于国家平均水平并逐年下降 into its parts (but not 并发症, 合并…). */
function clauses(text: string): string[] {
  return text.split(/并且|(?<!合|兼)并(?!发|购|列|存|非|不|重|举)|且(?!不)|同时/).map((part) => part.replace(/^[,、]+|[,、]+$/g, '')).filter((part) => part !== '');
}

function combine(parts: readonly ParsedWording[], extra: readonly string[]): ParsedWording {
  if (parts.length === 1) return { ...parts[0]!, notes: [...extra, ...parts[0]!.notes] };
  const notes = [...extra, ...parts.flatMap((p) => p.notes)];
  return { spec: { kind: 'all', parts: parts.map((p) => p.spec) }, confidence: parts.every((p) => p.confidence === 'exact') ? 'exact' : 'partial', notes };
}

function parseInner(wording: string, context: WordingContext): ParsedWording {
  let text = normalizeWording(wording);
  const notes: string[] = [];
  if (/力争/.test(text)) notes.push('力争 (strive to) is read as the target itself');
  text = text.replace(/力争|确保|均(?=[优达低高不])/g, '');
  const pieces = clauses(text);
  if (pieces.length <= 1) {
    const single = parseClause(pieces[0] ?? '', context);
    return { ...single, notes: [...notes, ...single.notes] };
  }
  const parsed = pieces.map((piece) => parseClause(piece, context));
  const read = parsed.filter((p) => p.confidence !== 'unparsed');
  if (read.length === parsed.length) return combine(read, notes);
  const whole = parseClause(text, context);
  if (whole.confidence === 'unparsed' && read.length === 0) return { ...whole, notes: [...notes, ...whole.notes] };
  if (whole.confidence !== 'unparsed') {
    // Read as one clause, but some piece alone made no sense: never present that as exact.
    return { spec: whole.spec, confidence: 'partial', notes: [...notes, ...whole.notes, 'part of the wording was not understood'] };
  }
  const skipped = pieces.filter((_, i) => parsed[i]!.confidence === 'unparsed');
  const result = combine(read, [...notes, `not understood and left out: ${skipped.join(' / ')}`]);
  return { ...result, confidence: 'partial' };
}

/**
 * Parses a target's Chinese wording into a spec.
 * @param context what the row knows besides the words: the indicator's polarity (达到 = at least
 *   in the better direction) and unit (count or rate), the baseline year (for 提高1岁左右 without
 *   one), the reference indicator (同比例提高), the region for 全省平均水平.
 * @example
 * parseTargetWording('比2015年降低30%')
 * // → { spec: { kind: 'change', baselineYear: 2015, mode: 'relative', amount: -0.3, comparison: 'at_least' }, confidence: 'exact', notes: [] }
 */
export function parseTargetWording(wording: string, context: WordingContext = {}): ParsedWording {
  try {
    if (typeof wording !== 'string') return unparsed(['the wording is not text']);
    return parseInner(wording, context ?? {});
  } catch (error) {
    // Totality: a rule bug must degrade to "unparsed", never break an import.
    return unparsed([`parser error: ${(error as Error)?.message ?? String(error)}`]);
  }
}

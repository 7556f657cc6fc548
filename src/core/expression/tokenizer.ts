/**
 * Tokenizer: source text → tokens with spans. Hand-written so that every error can name
 * the exact column, and so that nothing is ever handed to `eval`.
 */
import { VitalsError } from '../errors.js';
import type { FilterTerm, Span } from './ast.js';

export type Token =
  | { readonly type: 'number'; readonly value: number; readonly span: Span; readonly text: string }
  | { readonly type: 'ident'; readonly name: string; readonly span: Span; readonly text: string }
  | { readonly type: 'ref'; readonly code: string; readonly filter: readonly FilterTerm[]; readonly span: Span; readonly text: string }
  | { readonly type: 'op'; readonly op: string; readonly span: Span; readonly text: string }
  | { readonly type: '(' | ')' | ',' | 'eof'; readonly span: Span; readonly text: string };

/** Raise VITALS_E_EXPRESSION_SYNTAX with `details: { span, column }` (column is 1-based). */
export function syntaxError(message: string, span: Span): VitalsError {
  const column = span[0] + 1;
  return new VitalsError('VITALS_E_EXPRESSION_SYNTAX', { detail: `${message} at column ${column}` }, { span, column });
}

/** Operator spellings → canonical operator. Unicode forms are accepted because formulas get pasted from documents. */
const OPERATORS: ReadonlyArray<readonly [string, string]> = [
  ['<=', '<='], ['>=', '>='], ['==', '=='], ['!=', '!='], ['<>', '!='], ['&&', 'and'], ['||', 'or'],
  ['≤', '<='], ['≥', '>='], ['≠', '!='], ['×', '*'], ['÷', '/'], ['−', '-'],
  ['+', '+'], ['-', '-'], ['*', '*'], ['/', '/'], ['^', '^'], ['<', '<'], ['>', '>'], ['=', '=='], ['!', 'not'],
];

const NUMBER = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/;
const IDENT = /^[A-Za-z_][A-Za-z0-9_.]*/;
const DIMENSION = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const rest = source.slice(i);
    const num = NUMBER.exec(rest);
    if (num) {
      const text = num[0];
      if (IDENT.test(source.slice(i + text.length))) throw syntaxError(`invalid number "${text}${source[i + text.length]}"`, [i, i + text.length + 1]);
      tokens.push({ type: 'number', value: Number(text), span: [i, i + text.length], text });
      i += text.length;
      continue;
    }
    const ident = IDENT.exec(rest);
    if (ident) {
      const name = ident[0];
      const span: Span = [i, i + name.length];
      if (name === 'and' || name === 'or' || name === 'not') tokens.push({ type: 'op', op: name, span, text: name });
      else tokens.push({ type: 'ident', name, span, text: name });
      i += name.length;
      continue;
    }
    if (ch === '#') {
      const token = quotedReference(source, i);
      tokens.push(token);
      i = token.span[1];
      continue;
    }
    if (ch === '(' || ch === ')' || ch === ',') {
      tokens.push({ type: ch, span: [i, i + 1], text: ch });
      i++;
      continue;
    }
    const op = OPERATORS.find(([spelling]) => rest.startsWith(spelling));
    if (op) {
      tokens.push({ type: 'op', op: op[1], span: [i, i + op[0].length], text: op[0] });
      i += op[0].length;
      continue;
    }
    throw syntaxError(`unexpected character "${ch}"`, [i, i + 1]);
  }
  tokens.push({ type: 'eof', span: [source.length, source.length], text: '' });
  return tokens;
}

/** `#{code}` or `#{code|dim=value,dim=value}`; the code may hold any character but `|{}`. */
function quotedReference(source: string, start: number): Token {
  if (source[start + 1] !== '{') throw syntaxError('expected "{" after "#"', [start, start + 1]);
  const close = source.indexOf('}', start + 2);
  if (close < 0) throw syntaxError('unclosed "#{"', [start, source.length]);
  const span: Span = [start, close + 1];
  const body = source.slice(start + 2, close);
  if (body.includes('{')) throw syntaxError('"{" is not allowed inside "#{…}"', span);
  const [rawCode, rawFilter, ...extra] = body.split('|');
  const code = rawCode!.trim();
  if (!code) throw syntaxError('empty reference "#{}"', span);
  if (extra.length > 0) throw syntaxError('only one "|" is allowed in a reference; separate conditions with ","', span);
  const filter: FilterTerm[] = [];
  if (rawFilter !== undefined) {
    for (const term of rawFilter.split(',')) {
      const eq = term.indexOf('=');
      const dimension = (eq < 0 ? term : term.slice(0, eq)).trim();
      const value = eq < 0 ? '' : term.slice(eq + 1).trim();
      if (eq < 0 || !DIMENSION.test(dimension) || !value || value.includes('=')) {
        throw syntaxError(`invalid disaggregation "${term.trim()}" (expected dimension=value)`, span);
      }
      if (filter.some((t) => t.dimension === dimension)) throw syntaxError(`dimension "${dimension}" appears twice`, span);
      filter.push({ dimension, value });
    }
  }
  filter.sort((a, b) => (a.dimension < b.dimension ? -1 : a.dimension > b.dimension ? 1 : 0));
  return { type: 'ref', code, filter, span, text: source.slice(start, close + 1) };
}

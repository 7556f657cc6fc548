import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KEYWORDS, evaluateExpression, expressionReferences, formatExpression, parseExpression, type ExprNode, type Reference } from './index.js';

/** The tree without spans: spans depend on the text, the structure must not. */
function shape(node: ExprNode): unknown {
  switch (node.kind) {
    case 'number':
      return node.value;
    case 'ref':
      return { ref: node.ref };
    case 'unary':
      return [node.op, shape(node.operand)];
    case 'binary':
      return [node.op, shape(node.left), shape(node.right)];
    case 'call':
      return [node.name, ...node.args.map(shape)];
  }
}

const SPAN = [0, 0] as const;
const bareCode = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_.]{0,6}$/).filter((c) => !KEYWORDS.has(c));
const quotedCode = fc.constantFrom('出生人数', '婴儿 死亡数', 'and', 'A-B/C', '15-49岁妇女');
const filter = fc.uniqueArray(
  fc.record({ dimension: fc.constantFrom('sex', 'age', 'area'), value: fc.constantFrom('F', 'M', '15-19', '城镇', 'rural') }),
  { maxLength: 2, selector: (t) => t.dimension },
);
const reference: fc.Arbitrary<Reference> = fc.record({
  code: fc.oneof(bareCode, quotedCode),
  filter: filter.map((terms) => [...terms].sort((a, b) => a.dimension.localeCompare(b.dimension))),
});
const literal = fc.double({ min: 0, max: 1e300, noNaN: true });

type NumberNode = ExprNode;
const numberTree: fc.Arbitrary<NumberNode> = fc.letrec<{ node: NumberNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    literal.map((value): NumberNode => ({ kind: 'number', value, span: SPAN })),
    reference.map((ref): NumberNode => ({ kind: 'ref', ref, span: SPAN })),
    tie('node').map((operand): NumberNode => ({ kind: 'unary', op: '-', operand, span: SPAN })),
    fc
      .tuple(fc.constantFrom('+', '-', '*', '/', '^') as fc.Arbitrary<'+' | '-' | '*' | '/' | '^'>, tie('node'), tie('node'))
      .map(([op, left, right]): NumberNode => ({ kind: 'binary', op, left, right, span: SPAN })),
    fc
      .tuple(fc.constantFrom('min', 'max', 'abs', 'coalesce'), fc.array(tie('node'), { minLength: 1, maxLength: 3 }))
      .map(([name, args]): NumberNode => ({ kind: 'call', name, args: name === 'abs' ? args.slice(0, 1) : args, span: SPAN, nameSpan: SPAN })),
  ),
})).node;

function codesIn(node: ExprNode, into = new Set<string>()): Set<string> {
  if (node.kind === 'ref') into.add(node.ref.code);
  if (node.kind === 'unary') codesIn(node.operand, into);
  if (node.kind === 'binary') [node.left, node.right].forEach((n) => codesIn(n, into));
  if (node.kind === 'call') node.args.forEach((n) => codesIn(n, into));
  return into;
}

describe('expression properties', () => {
  it('format ∘ parse reproduces the tree and is stable', () => {
    fc.assert(
      fc.property(numberTree, (tree) => {
        const text = formatExpression(tree);
        const parsed = parseExpression(text);
        expect(shape(parsed.ast)).toEqual(shape(tree));
        expect(formatExpression(parsed)).toBe(text);
      }),
      { numRuns: 300 },
    );
  });

  it('references are exactly the generated codes', () => {
    fc.assert(
      fc.property(numberTree, (tree) => {
        expect(expressionReferences(parseExpression(formatExpression(tree)))).toEqual(codesIn(tree));
      }),
    );
  });

  // Each generated case carries the value the test expects, computed while building the tree.
  interface Case {
    readonly text: string;
    readonly expected: number | null;
  }
  const small = fc.integer({ min: -20, max: 20 });
  const arithmetic: fc.Arbitrary<Case> = fc.letrec<{ c: Case }>((tie) => ({
    c: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      small.map((v): Case => ({ text: v < 0 ? `(0 - ${-v})` : String(v), expected: v })),
      fc.constantFrom<Case>({ text: 'X', expected: 3 }, { text: 'Y', expected: -2 }, { text: 'M', expected: null }),
      fc.tuple(tie('c'), tie('c'), fc.constantFrom('+', '-', '*', '/')).map(([a, b, op]): Case => {
        const text = `(${a.text} ${op} ${b.text})`;
        if (a.expected === null || b.expected === null) return { text, expected: null };
        if (op === '/' && b.expected === 0) return { text, expected: null }; // division by zero → missing
        const x = a.expected;
        const y = b.expected;
        const v = op === '+' ? x + y : op === '-' ? x - y : op === '*' ? x * y : x / y;
        return { text, expected: Number.isFinite(v) ? v : null };
      }),
      tie('c').map((a): Case => ({ text: `-${a.text}`, expected: a.expected === null ? null : -a.expected })),
      fc.tuple(tie('c'), tie('c')).map(([a, b]): Case => ({
        text: `coalesce(${a.text}, ${b.text})`,
        expected: a.expected ?? b.expected,
      })),
    ),
  })).c;

  it('evaluation matches the reference computed while building the tree', () => {
    fc.assert(
      fc.property(arithmetic, ({ text, expected }) => {
        const result = evaluateExpression(parseExpression(text), { X: 3, Y: -2, M: null });
        if (expected === null) expect(result.value).toBeNull();
        else expect(result.value).toBeCloseTo(expected, 9);
      }),
      { numRuns: 300 },
    );
  });
});

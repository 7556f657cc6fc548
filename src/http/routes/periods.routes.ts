/**
 * /periods: helpers for the time axis — parse lenient input (`2025年3月`, `2025-Q1`, `202503`)
 * into the stable code with its dates and labels, list the periods of a range, and the
 * periods of one type within a coarser one.
 */
import type { FastifyPluginAsync } from 'fastify';
import { Type } from '@sinclair/typebox';
import { normalizePeriodCode, parsePeriod, periodEnd, periodRange, periodStart, periodsWithin, type Period } from '../../core/period/index.js';
import { VitalsError } from '../../core/errors.js';
import { errors } from '../schemas/common.schema.js';
import { PeriodTypeName, PeriodView } from '../schemas/metadata.schema.js';
import type { TypeBoxProvider } from '../schemas/type-provider.js';

const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Labels in both languages: 2025年第1季度 / 2025 Q1. */
export function periodLabel(p: Period): { 'zh-CN': string; en: string } {
  switch (p.type) {
    case 'year':
      return { 'zh-CN': `${p.year}年`, en: String(p.year) };
    case 'half_year':
      return { 'zh-CN': `${p.year}年${p.index === 1 ? '上' : '下'}半年`, en: `${p.year} H${p.index}` };
    case 'quarter':
      return { 'zh-CN': `${p.year}年第${p.index}季度`, en: `${p.year} Q${p.index}` };
    case 'month':
      return { 'zh-CN': `${p.year}年${p.index}月`, en: `${MONTHS_EN[p.index - 1]} ${p.year}` };
  }
}

export function periodView(p: Period) {
  return { code: p.code, type: p.type, year: p.year, index: p.index, start: periodStart(p), end: periodEnd(p), label: periodLabel(p) };
}

/** Lenient input → period. @throws VITALS_E_INVALID_PERIOD */
function readPeriod(input: string): Period {
  return parsePeriod(normalizePeriodCode(input));
}

const MAX_LIST = 600;

const periodRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxProvider>();
  const tags = ['periods'];

  app.get(
    '/periods/parse',
    {
      schema: {
        tags,
        summary: 'Parse a period as people write it into its code, dates and labels',
        querystring: Type.Object({ code: Type.String({ minLength: 1, maxLength: 40 }) }, { additionalProperties: false }),
        response: { 200: PeriodView, ...errors(400) },
      },
    },
    async (request) => periodView(readPeriod(request.query.code)),
  );

  app.get(
    '/periods',
    {
      schema: {
        tags,
        summary: 'Periods from `from` to `to` (same type), or the periods of `type` within `within`',
        querystring: Type.Object(
          { from: Type.Optional(Type.String({ maxLength: 40 })), to: Type.Optional(Type.String({ maxLength: 40 })), within: Type.Optional(Type.String({ maxLength: 40 })), type: Type.Optional(PeriodTypeName) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(PeriodView), total: Type.Integer() }), ...errors(400) },
      },
    },
    async (request) => {
      const q = request.query;
      let periods: Period[];
      if (q.within !== undefined) {
        if (!q.type) throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: 'within needs type (e.g. within=2025&type=month)' });
        periods = periodsWithin(readPeriod(q.within), q.type as Period['type']);
      } else if (q.from !== undefined && q.to !== undefined) {
        periods = periodRange(readPeriod(q.from), readPeriod(q.to));
      } else {
        throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: 'give from and to (e.g. from=2024M01&to=2024M12), or within and type' });
      }
      if (periods.length > MAX_LIST) throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `the range has ${periods.length} periods; at most ${MAX_LIST} per request` });
      return { items: periods.map(periodView), total: periods.length };
    },
  );
};

export default periodRoutes;

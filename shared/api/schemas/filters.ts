import { z } from 'zod';
import type { ScoreRange, ViewFilters } from '../../query/filters.ts';
import { mergeFilters, type ParsedQuery, parseQuery, QuerySyntaxError } from '../../query/index.ts';
import { ISSUES, type Issue, VISUAL_LEVEL_MAX } from '../../vocabulary/index.ts';
import { ApiError } from '../errors.ts';
import {
  booleanParam,
  confidenceParam,
  filterText,
  INT32_MAX,
  int32Id,
  repeatable,
  wholeParam,
} from './common.ts';

/** Issue types a view can ask for: curation passes (from the latest run) and quality analyzers. */
export { ISSUES, type Issue };
export const issueSchema = z.enum(ISSUES);

export { VISUAL_LEVEL_MAX };

const level = z.int().min(0).max(VISUAL_LEVEL_MAX);

/** The filters of a view are the query model's (shared/query): the schemas below parse into them. */
export type { ScoreRange, ViewFilters };

const label = filterText(256);
const tag = filterText(256);
const prefix = filterText(1024);
const cluster = filterText(128);
const queryText = z
  .string()
  .max(2_000)
  .describe(
    'conditions in the search syntax: `label:cat blur>0.6 uniqueness>=0.8 split:test dup:near has:objects -label:dog` (docs/query.md)',
  );

/** The filters as JSON (search bodies). */
export const filtersBody = z
  .strictObject({
    issues: z.array(issueSchema).max(ISSUES.length).optional(),
    threshold: z.number().min(0).max(1).optional(),
    uniqueness: z
      .strictObject({ min: z.number().min(0).max(1).optional(), max: z.number().min(0).max(1).optional() })
      .optional(),
    labels: z.array(label).max(50).optional(),
    tags: z.array(tag).max(20).optional(),
    prefix: prefix.optional(),
    cluster: cluster.optional(),
    visualCluster: z.strictObject({ level: level.default(0), id: int32Id }).optional(),
    representative: z.boolean().optional(),
    q: queryText.optional(),
  })
  .meta({ id: 'Filters' });

export type FiltersBody = z.output<typeof filtersBody>;

export function fromBody(body: FiltersBody | undefined): ViewFilters {
  return withQuery(body?.q, {
    issues: [...new Set(body?.issues ?? [])],
    threshold: body?.threshold,
    uniqueness: body?.uniqueness,
    labels: body?.labels ?? [],
    tags: body?.tags ?? [],
    prefix: body?.prefix,
    cluster: body?.cluster,
    visualCluster: body?.visualCluster,
    representative: body?.representative,
  });
}

/** The same filters as query-string keys (listing, export). */
export const filtersQueryShape = {
  issue: repeatable(issueSchema, ISSUES.length).optional(),
  threshold: confidenceParam
    .optional()
    .describe(
      'confidence at or above which an issue counts (default: the configured one, 0.5; uniques: the select-uniques subset)',
    ),
  uniquenessMin: confidenceParam.optional(),
  uniquenessMax: confidenceParam.optional(),
  label: repeatable(label, 50).optional().describe('any of these labels'),
  tag: repeatable(tag, 20).optional().describe('every one of these tags'),
  prefix: prefix.optional().describe('keys that start with this'),
  cluster: cluster.optional().describe('members of this duplicate cluster'),
  visualCluster: wholeParam(z.number().min(0).max(INT32_MAX))
    .optional()
    .describe('members of this visual cluster at `level`'),
  level: wholeParam(z.number().max(VISUAL_LEVEL_MAX)).optional(),
  representative: booleanParam
    .optional()
    .describe('only keepers (true) or only the duplicates to drop (false)'),
  q: queryText.optional(),
};

const filtersQuery = z.strictObject(filtersQueryShape);
export type FiltersQuery = z.output<typeof filtersQuery>;

export function fromQuery(query: FiltersQuery): ViewFilters {
  const uniqueness =
    query.uniquenessMin === undefined && query.uniquenessMax === undefined
      ? undefined
      : { min: query.uniquenessMin, max: query.uniquenessMax };
  return withQuery(query.q, {
    issues: [...new Set(query.issue ?? [])],
    threshold: query.threshold,
    uniqueness,
    labels: query.label ?? [],
    tags: query.tag ?? [],
    prefix: query.prefix,
    cluster: query.cluster,
    visualCluster:
      query.visualCluster === undefined ? undefined : { level: query.level ?? 0, id: query.visualCluster },
    representative: query.representative,
  });
}

/**
 * The filters of a query in the search syntax (shared/query) joined to the request's own. Free text has no
 * place in a filter: it is refused with a pointer to text search. A bad token is a 400 that names it.
 */
function withQuery(q: string | undefined, filters: ViewFilters): ViewFilters {
  if (q === undefined || q.trim() === '') return filters;
  const parsed = parseSearchQuery(q, 'q');
  if (parsed.text !== '') {
    throw new ApiError(
      400,
      'invalid_query',
      `"${parsed.text}" is free text, which filters cannot hold: send it to POST /v1/datasets/{dataset}/search/text as "query".`,
      'q',
    );
  }
  return mergeFilters(filters, parsed.filters);
}

/** parseQuery with its errors as a 400 on `field`. */
export function parseSearchQuery(q: string, field: string): ParsedQuery {
  try {
    return parseQuery(q);
  } catch (error) {
    if (error instanceof QuerySyntaxError) throw new ApiError(400, 'invalid_query', error.message, field);
    throw error;
  }
}

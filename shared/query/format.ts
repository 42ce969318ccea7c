import type { ScoreRange, ViewFilters } from './filters.ts';

/**
 * The query-syntax conditions of a view written back as a query (what parseQuery reads): for forwarders and
 * saved views. Only the fields the query syntax alone can express are written; the rest travel as parameters.
 */
export function formatQueryConditions(filters: ViewFilters): string {
  const parts: string[] = [];
  const add = (field: string, values: readonly string[] | undefined, negated = false) => {
    for (const value of values ?? []) parts.push(`${negated ? '-' : ''}${field}:${quote(value)}`);
  };
  add('label', filters.notLabels, true);
  add('tag', filters.notTags, true);
  add('split', filters.splits);
  add('split', filters.notSplits, true);
  add('has', filters.has);
  add('has', filters.lacks, true);
  for (const range of filters.ranges ?? []) parts.push(...formatRange(range));
  if (filters.duplicate !== undefined) parts.push(`dup:${filters.duplicate}`);
  return parts.join(' ');
}

function formatRange(range: ScoreRange): string[] {
  const out: string[] = [];
  if (range.gt !== undefined) out.push(`${range.field}>${range.gt}`);
  if (range.gte !== undefined) out.push(`${range.field}>=${range.gte}`);
  if (range.lt !== undefined) out.push(`${range.field}<${range.lt}`);
  if (range.lte !== undefined) out.push(`${range.field}<=${range.lte}`);
  return out;
}

function quote(value: string): string {
  return /[\s"]/.test(value) || value === '' ? `"${value.replaceAll('"', '')}"` : value;
}

import { QuerySyntaxError } from './errors.ts';
import {
  COUNT_FIELDS,
  DUPLICATE_KINDS,
  type DuplicateKind,
  HAS_FIELDS,
  type HasField,
  ISSUE_ALIASES,
  RANGE_ALIASES,
  type RangeField,
} from './fields.ts';
import type { ScoreRange, ViewFilters } from './filters.ts';
import { type Token, tokenize } from './tokens.ts';

/** The filters a query names, in the shape every read path already takes, and the free text left over. */
export interface ParsedQuery {
  filters: ViewFilters;
  /** Words and quoted phrases, for semantic and full-text search; '' when the query has none. */
  text: string;
}

type Qualifier = Extract<Token, { kind: 'qualifier' }>;

const MAX_QUERY = 2_000;
const MAX_VALUE = 256;

/**
 * `label:cat blur>0.6 uniqueness>=0.8 split:test dup:near has:objects -label:dog "sunset over mountains"` ->
 * filters plus text. Values are kept as data (never spliced into a `where` string): the store's filter
 * builder escapes them later. Anything it cannot read is a QuerySyntaxError naming the token.
 */
export function parseQuery(query: string): ParsedQuery {
  if (query.length > MAX_QUERY)
    throw new QuerySyntaxError(query.slice(0, 20), 0, `a query is at most ${MAX_QUERY} characters`);
  const filters = emptyFilters();
  const words: string[] = [];
  for (const token of tokenize(query)) {
    if (token.kind === 'text') words.push(token.text);
    else apply(filters, token);
  }
  return { filters, text: words.join(' ').trim() };
}

export function emptyFilters(): ViewFilters {
  return { issues: [], labels: [], tags: [] };
}

function apply(filters: ViewFilters, token: Qualifier): void {
  const range = RANGE_ALIASES[token.field];
  if (token.operator !== ':' || (range !== undefined && /^[<>]|\.\./.test(token.value))) {
    if (range === undefined) throw bad(token, `"${token.field}" is not a numeric field; ${numericHint()}`);
    addRange(filters, token, range);
    return;
  }
  checkValue(token);
  const value = token.value;
  switch (token.field) {
    case 'label':
    case 'class':
      push(filters, token.negated ? 'notLabels' : 'labels', value);
      return;
    case 'tag':
      push(filters, token.negated ? 'notTags' : 'tags', value);
      return;
    case 'split':
      push(filters, token.negated ? 'notSplits' : 'splits', value.toLowerCase());
      return;
    case 'has':
      push(filters, token.negated ? 'lacks' : 'has', oneOf(token, HAS_FIELDS) as HasField);
      return;
    case 'is':
      applyIs(filters, token);
      return;
    case 'dup':
    case 'duplicate':
      notNegated(token);
      filters.duplicate = oneOf(token, DUPLICATE_KINDS) as DuplicateKind;
      return;
    case 'key':
    case 'path':
      notNegated(token);
      filters.prefix = value.endsWith('*') ? value.slice(0, -1) : value;
      return;
    case 'cluster':
      notNegated(token);
      filters.cluster = value;
      return;
    case 'keeper':
      notNegated(token);
      filters.representative = oneOf(token, ['true', 'false']) === 'true';
      return;
    case 'threshold':
      notNegated(token);
      filters.threshold = confidence(token, value);
      return;
    default:
      if (range !== undefined)
        throw bad(token, `write a comparison, for example ${token.field}>0.5 or ${token.field}:0.2..0.6`);
      throw bad(token, `unknown field "${token.field}"; fields: ${knownFields()}`);
  }
}

function applyIs(filters: ViewFilters, token: Qualifier): void {
  notNegated(token);
  const value = token.value.toLowerCase();
  if (value === 'keeper') {
    filters.representative = true;
    return;
  }
  const issue = ISSUE_ALIASES[value];
  if (issue === undefined)
    throw bad(token, `unknown issue "${token.value}"; issues: ${[...new Set(Object.values(ISSUE_ALIASES))]}`);
  if (!filters.issues.includes(issue)) filters.issues.push(issue);
}

/** `blur>0.6`, `blur:>=0.6`, `blur:0.2..0.6`; several ranges on one field all apply. */
function addRange(filters: ViewFilters, token: Qualifier, field: RangeField): void {
  notNegated(token);
  const range: ScoreRange = { field };
  const between = /^(.*?)\.\.(.*)$/.exec(token.value);
  if (token.operator === ':' && between) {
    if (between[1] !== '') range.gte = number(token, field, between[1]);
    if (between[2] !== '') range.lte = number(token, field, between[2]);
    if (range.gte === undefined && range.lte === undefined) throw bad(token, 'a range needs a bound');
  } else {
    const inline = token.operator === ':' ? /^(>=|<=|>|<)(.*)$/.exec(token.value) : null;
    if (token.operator === ':' && !inline) throw bad(token, `write ${token.field}>${token.value} or a range`);
    const operator = inline ? inline[1] : token.operator;
    const value = number(token, field, inline ? inline[2] : token.value);
    const bound = { '>': 'gt', '>=': 'gte', '<': 'lt', '<=': 'lte' } as const;
    range[bound[operator as keyof typeof bound]] = value;
  }
  filters.ranges = [...(filters.ranges ?? []), range];
}

function number(token: Qualifier, field: RangeField, text: string): number {
  const value = text.trim() === '' ? Number.NaN : Number(text);
  if (!Number.isFinite(value)) throw bad(token, `"${text}" is not a number`);
  if (COUNT_FIELDS.has(field)) {
    if (value < 0) throw bad(token, `${field} is never negative`);
    return value;
  }
  return confidence(token, text);
}

function confidence(token: Qualifier, text: string): number {
  const value = Number(text);
  if (!(text.trim() !== '' && value >= 0 && value <= 1))
    throw bad(token, `"${text}" is not a score: scores are numbers from 0 to 1`);
  return value;
}

type ListKey = 'labels' | 'notLabels' | 'tags' | 'notTags' | 'splits' | 'notSplits' | 'has' | 'lacks';

function push<K extends ListKey>(
  filters: ViewFilters,
  key: K,
  value: NonNullable<ViewFilters[K]>[number],
): void {
  const list = (filters[key] ?? []) as (typeof value)[];
  if (!list.includes(value)) list.push(value);
  (filters as unknown as Record<ListKey, unknown>)[key] = list;
}

function oneOf(token: Qualifier, allowed: readonly string[]): string {
  const value = token.value.toLowerCase();
  if (!allowed.includes(value)) throw bad(token, `"${token.field}" takes one of: ${allowed.join(', ')}`);
  return value;
}

function notNegated(token: Qualifier): void {
  if (token.negated) throw bad(token, `"${token.field}" cannot be negated`);
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing them is the point.
const CONTROL = /[\u0000-\u001f\u007f]/;

function checkValue(token: Qualifier): void {
  if (token.value.length > MAX_VALUE) throw bad(token, `a value is at most ${MAX_VALUE} characters`);
  if (CONTROL.test(token.value)) throw bad(token, 'control characters are not allowed');
}

function bad(token: Qualifier, reason: string): QuerySyntaxError {
  return new QuerySyntaxError(token.raw, token.at, reason);
}

const numericHint = () => `numeric fields: ${Object.keys(RANGE_ALIASES).join(', ')}`;
const knownFields = () =>
  `label, tag, split, is, dup, has, key, cluster, keeper, threshold, ${Object.keys(RANGE_ALIASES).join(', ')}`;

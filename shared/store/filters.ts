import { VisibleError } from '../errors/index.ts';

/**
 * The one place that writes LanceDB `where` strings. LanceDB takes no bound parameters
 * (lancedb/lancedb#2652), so callers build a small filter tree with `where.*` and the store compiles it here:
 * columns come only from the table's allowlist, strings are SQL literals with quotes doubled, numbers must be
 * finite. The tree is plain data, so the API (and the edge Worker, which cannot load LanceDB) can build and
 * validate filters without the store.
 */
export type Scalar = string | number | boolean;

export interface Range {
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
}

export type Filter =
  | { op: 'eq' | 'ne'; column: string; value: Scalar }
  | { op: 'in'; column: string; values: readonly Scalar[] }
  | { op: 'prefix'; column: string; value: string }
  | { op: 'contains'; column: string; value: string }
  | ({ op: 'range'; column: string } & Range)
  | { op: 'isNull' | 'notNull'; column: string }
  | { op: 'has'; column: string; value: string }
  | { op: 'and' | 'or'; filters: readonly Filter[] }
  | { op: 'not'; filter: Filter };

/** What a column holds decides which filters and values it accepts. `strings` is a list column (tags). */
export type ColumnKind = 'string' | 'number' | 'boolean' | 'strings';
export type Columns = Readonly<Record<string, ColumnKind>>;

export const where = {
  eq: (column: string, value: Scalar): Filter => ({ op: 'eq', column, value }),
  ne: (column: string, value: Scalar): Filter => ({ op: 'ne', column, value }),
  in: (column: string, values: readonly Scalar[]): Filter => ({ op: 'in', column, values }),
  /** Values that start with `value`, case-sensitive. */
  prefix: (column: string, value: string): Filter => ({ op: 'prefix', column, value }),
  /** Values that contain `value`, ignoring case. */
  contains: (column: string, value: string): Filter => ({ op: 'contains', column, value }),
  range: (column: string, range: Range): Filter => ({ op: 'range', column, ...range }),
  isNull: (column: string): Filter => ({ op: 'isNull', column }),
  notNull: (column: string): Filter => ({ op: 'notNull', column }),
  /** A list column (tags) that holds `value`. */
  has: (column: string, value: string): Filter => ({ op: 'has', column, value }),
  and: (...filters: (Filter | undefined)[]): Filter => ({ op: 'and', filters: present(filters) }),
  or: (...filters: (Filter | undefined)[]): Filter => ({ op: 'or', filters: present(filters) }),
  not: (filter: Filter): Filter => ({ op: 'not', filter }),
};

function present(filters: (Filter | undefined)[]): Filter[] {
  return filters.filter((filter): filter is Filter => filter !== undefined);
}

const MAX_DEPTH = 32;

/** Compiles a filter against a table's columns; a filter that names an unknown column or mixes types is refused. */
export function compileFilter(filter: Filter, columns: Columns): string {
  return compile(filter, columns, 0);
}

function compile(filter: Filter, columns: Columns, depth: number): string {
  if (depth > MAX_DEPTH) throw invalid(`A filter may nest at most ${MAX_DEPTH} levels.`);
  switch (filter.op) {
    case 'and':
    case 'or': {
      if (filter.filters.length === 0) return filter.op === 'and' ? 'true' : 'false';
      const parts = filter.filters.map((inner) => compile(inner, columns, depth + 1));
      return `(${parts.join(filter.op === 'and' ? ' AND ' : ' OR ')})`;
    }
    case 'not':
      return `(NOT ${compile(filter.filter, columns, depth + 1)})`;
    case 'eq':
    case 'ne': {
      const column = scalarColumn(filter.column, columns);
      return `(${column.sql} ${filter.op === 'eq' ? '=' : '<>'} ${literal(filter.value, column)})`;
    }
    case 'in': {
      const column = scalarColumn(filter.column, columns);
      if (filter.values.length === 0) return 'false';
      return `(${column.sql} IN (${filter.values.map((value) => literal(value, column)).join(', ')}))`;
    }
    case 'prefix':
      return `starts_with(${textColumn(filter.column, columns)}, ${stringLiteral(filter.value)})`;
    case 'contains':
      return `(lower(${textColumn(filter.column, columns)}) LIKE ${stringLiteral(`%${escapeLike(filter.value.toLowerCase())}%`)})`;
    case 'range':
      return compileRange(filter, columns);
    case 'isNull':
    case 'notNull':
      return `(${column(filter.column, columns).sql} IS ${filter.op === 'isNull' ? '' : 'NOT '}NULL)`;
    case 'has': {
      const list = column(filter.column, columns);
      if (list.kind !== 'strings')
        throw invalid(`"${filter.column}" is not a list; "has" filters only lists.`);
      return `array_has(${list.sql}, ${stringLiteral(filter.value)})`;
    }
    default:
      throw invalid(`Unknown filter operation "${(filter as { op: unknown }).op}".`);
  }
}

function compileRange(filter: Range & { column: string }, columns: Columns): string {
  const target = column(filter.column, columns);
  if (target.kind !== 'number')
    throw invalid(`"${filter.column}" is not numeric; a range needs a numeric field.`);
  const bounds: [keyof Range, string][] = [
    ['gt', '>'],
    ['gte', '>='],
    ['lt', '<'],
    ['lte', '<='],
  ];
  const parts = bounds
    .filter(([name]) => filter[name] !== undefined)
    .map(([name, op]) => `${target.sql} ${op} ${numberLiteral(filter[name] as number, filter.column)}`);
  return parts.length === 0 ? 'true' : `(${parts.join(' AND ')})`;
}

interface ColumnRef {
  name: string;
  kind: ColumnKind;
  sql: string;
}

function column(name: string, columns: Columns): ColumnRef {
  const kind = Object.hasOwn(columns, name) ? columns[name] : undefined;
  if (kind === undefined) {
    throw invalid(`Unknown filter field "${name}"; allowed: ${Object.keys(columns).join(', ')}.`);
  }
  // Allowlisted names are plain identifiers; backticks keep their case (LanceDB folds bare names).
  return { name, kind, sql: `\`${name}\`` };
}

function scalarColumn(name: string, columns: Columns): ColumnRef {
  const ref = column(name, columns);
  if (ref.kind === 'strings') throw invalid(`"${name}" is a list; filter it with "has".`);
  return ref;
}

function textColumn(name: string, columns: Columns): string {
  const ref = column(name, columns);
  if (ref.kind !== 'string')
    throw invalid(`"${name}" is not text; prefix and contains filters need a text field.`);
  return ref.sql;
}

function literal(value: Scalar, target: ColumnRef): string {
  const type = typeof value;
  const expected = target.kind === 'number' ? 'number' : target.kind === 'boolean' ? 'boolean' : 'string';
  if (type !== expected) throw invalid(`"${target.name}" takes a ${expected}, not a ${type}.`);
  if (type === 'number') return numberLiteral(value as number, target.name);
  if (type === 'boolean') return value ? 'true' : 'false';
  return stringLiteral(value as string);
}

function numberLiteral(value: number, name: string): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalid(`"${name}" needs a finite number.`);
  // String(1e21) is "1e+21", which DataFusion reads as a float literal: fine for comparisons.
  return String(value);
}

/** SQL string literal: DataFusion treats backslash as an ordinary character, so only the quote is doubled. */
export function stringLiteral(value: string): string {
  if (typeof value !== 'string') throw invalid('A text filter needs a string value.');
  return `'${value.replaceAll("'", "''")}'`;
}

/** LIKE's wildcards and its escape character (backslash, the only one LanceDB accepts) taken literally. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (char) => `\\${char}`);
}

function invalid(message: string): VisibleError {
  return new VisibleError(message, 'invalid_filter');
}

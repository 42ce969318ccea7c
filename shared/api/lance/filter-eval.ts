import type { Filter, Scalar } from '../../store/index.ts';

/**
 * Evaluates a filter tree on a record in memory, with the store's semantics, for rows that never pass through
 * LanceDB (incremental curation results held in memory): one filter, two places, the same answer.
 */
export function evalFilter(filter: Filter | undefined, record: Record<string, unknown>): boolean {
  if (!filter) return true;
  switch (filter.op) {
    case 'and':
      return filter.filters.every((inner) => evalFilter(inner, record));
    case 'or':
      return filter.filters.some((inner) => evalFilter(inner, record));
    case 'not':
      return !evalFilter(filter.filter, record);
    case 'eq':
      return record[filter.column] === filter.value;
    case 'ne':
      return record[filter.column] !== filter.value && record[filter.column] != null;
    case 'in':
      return filter.values.includes(record[filter.column] as Scalar);
    case 'prefix':
      return (
        typeof record[filter.column] === 'string' &&
        (record[filter.column] as string).startsWith(filter.value)
      );
    case 'contains':
      return (
        typeof record[filter.column] === 'string' &&
        (record[filter.column] as string).toLowerCase().includes(filter.value.toLowerCase())
      );
    case 'range': {
      const value = record[filter.column];
      if (typeof value !== 'number') return false;
      return (
        (filter.gt === undefined || value > filter.gt) &&
        (filter.gte === undefined || value >= filter.gte) &&
        (filter.lt === undefined || value < filter.lt) &&
        (filter.lte === undefined || value <= filter.lte)
      );
    }
    case 'isNull':
      return record[filter.column] == null;
    case 'notNull':
      return record[filter.column] != null;
    case 'has':
      return (
        Array.isArray(record[filter.column]) && (record[filter.column] as unknown[]).includes(filter.value)
      );
  }
}

import type { SourceTable } from './rows.ts';
import type { Annotation, AnnotationProblem } from './types.ts';

/** Every proper tail of every key (`a/b/c.jpg` -> `b/c.jpg`, `c.jpg`), for sources that name files loosely. */
export type TailIndex = Map<string, string[]>;

export function tailIndex(keys: string[]): TailIndex {
  const index: TailIndex = new Map();
  for (const key of keys) {
    for (let at = key.indexOf('/'); at >= 0; at = key.indexOf('/', at + 1)) {
      const tail = key.slice(at + 1);
      const list = index.get(tail);
      if (list) list.push(key);
      else index.set(tail, [key]);
    }
  }
  return index;
}

export interface Resolved {
  byKey: Map<string, Annotation>;
  problem?: AnnotationProblem;
  /** Rows that name no image among the keys (yet): a watcher may still see them arrive. */
  unmatched: string[];
}

/**
 * A source row names an image by its key, or by a tail of it that only one image has (COCO's `file_name` is
 * usually the bare name while images sit in `val2017/`). A tail shared by several images is refused.
 */
export function resolveTable(
  table: SourceTable,
  file: string,
  keys: Set<string>,
  tails: TailIndex,
): Resolved {
  const byKey = new Map<string, Annotation>();
  const loose: [string, Annotation][] = [];
  for (const [key, annotation] of table) {
    if (keys.has(key)) byKey.set(key, annotation);
    else loose.push([key, annotation]);
  }
  const unmatched: string[] = [];
  const ambiguous: string[] = [];
  for (const [key, annotation] of loose) {
    const matches = tails.get(key) ?? [];
    if (matches.length === 1) {
      // An exact row for the same image is more specific: it wins.
      if (!byKey.has(matches[0])) byKey.set(matches[0], annotation);
    } else if (matches.length > 1) ambiguous.push(`${key} (${matches.slice(0, 2).join(', ')}...)`);
    else unmatched.push(key);
  }
  const problem =
    ambiguous.length === 0
      ? undefined
      : {
          file,
          reason:
            `${ambiguous.length} rows name a file that several images share, e.g. ${ambiguous.slice(0, 2).join('; ')}; ` +
            'write the path relative to the ingested folder',
        };
  return { byKey, problem, unmatched };
}

/** For keys that arrive after loading (watch mode): the key itself, then its tails, longest first. */
export function lookupLoose(table: SourceTable, key: string): Annotation | undefined {
  const exact = table.get(key);
  if (exact) return exact;
  for (let at = key.indexOf('/'); at >= 0; at = key.indexOf('/', at + 1)) {
    const found = table.get(key.slice(at + 1));
    if (found) return found;
  }
  return undefined;
}

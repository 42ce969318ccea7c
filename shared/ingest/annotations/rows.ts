import { normaliseKey } from './files.ts';
import { combineRows } from './merge.ts';
import type { Annotation, AnnotationProblem } from './types.ts';

/** One source's annotations by the key it wrote (which may be only a suffix of the image key). */
export type SourceTable = Map<string, Annotation>;

export function addRow(table: SourceTable, key: string, annotation: Annotation): void {
  const normal = normaliseKey(key);
  const previous = table.get(normal);
  table.set(normal, previous ? combineRows(previous, annotation) : annotation);
}

/**
 * Bad rows of a big file are counted, and a few shown, in one problem per file: a manifest with 10,000 bad
 * lines must not bury the rest of the report.
 */
export function rowErrors(file: string) {
  let count = 0;
  const examples: string[] = [];
  return {
    add(where: string, reason: string) {
      count += 1;
      if (examples.length < 3) examples.push(`${where}: ${reason}`);
    },
    problem(rows: number): AnnotationProblem | undefined {
      if (count === 0) return undefined;
      const more = count > examples.length ? ` (and ${count - examples.length} more)` : '';
      return { file, reason: `${count} of ${rows} rows skipped; ${examples.join('; ')}${more}` };
    },
  };
}

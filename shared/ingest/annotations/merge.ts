import type { Annotation } from './types.ts';

export function emptyAnnotation(): Annotation {
  return { label: null, caption: null, tags: [], objects: [] };
}

/** Several rows of one source for one image (a JSONL line per box, a COCO captions file beside instances). */
export function combineRows(first: Annotation, next: Annotation): Annotation {
  return {
    label: first.label ?? next.label,
    caption: first.caption ?? next.caption,
    tags: union(first.tags, next.tags),
    objects: [...first.objects, ...next.objects],
  };
}

/**
 * Sources, highest precedence first. Label and caption come from the first source that has one; tags are the
 * union; objects come whole from the first source that has any, since two sources listing the same boxes
 * would otherwise double them.
 */
export function mergeByPrecedence(sources: (Annotation | undefined)[]): Annotation {
  const merged = emptyAnnotation();
  for (const source of sources) {
    if (!source) continue;
    merged.label ??= source.label;
    merged.caption ??= source.caption;
    merged.tags = union(merged.tags, source.tags);
    if (merged.objects.length === 0) merged.objects = source.objects;
  }
  return merged;
}

function union(a: string[], b: string[]): string[] {
  return b.length === 0 ? a : [...new Set([...a, ...b])];
}

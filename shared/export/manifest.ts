import type { ExportItem } from './types.ts';

/**
 * What neither COCO nor YOLO can hold (an image's own label, caption, tags and split) as a viscura manifest
 * row, keyed by the image's path in the export. Objects stay out: they are in the format's own files.
 */
export function manifestLine(path: string, item: ExportItem): string {
  return JSON.stringify({
    key: path,
    label: item.label,
    caption: item.caption,
    tags: item.tags,
    split: item.split,
  });
}

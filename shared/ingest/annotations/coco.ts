import { errorMessage } from '../../errors/index.ts';
import { fileNameSplit, splitTag } from '../../splits/index.ts';
import type { SourceResult } from './manifest.ts';
import { readTextBounded } from './read.ts';
import { addRow, rowErrors, type SourceTable } from './rows.ts';
import {
  type CocoAnnotation,
  type CocoImage,
  cocoAnnotationSchema,
  cocoCategorySchema,
  cocoImageSchema,
  cocoShape,
  describeIssues,
} from './schema.ts';
import type { AnnotatedObject, AnnotationProblem } from './types.ts';

/**
 * A COCO instances or captions file. `required`: the name says COCO, so anything else is a problem; otherwise a
 * JSON without `images` and `annotations` is simply not ours (null).
 */
export async function readCoco(
  path: string,
  file: string,
  limit: number,
  required: boolean,
): Promise<SourceResult | null> {
  let value: unknown;
  try {
    value = JSON.parse(await readTextBounded(path, limit, 'COCO'));
  } catch (error) {
    return required ? failed(file, errorMessage(error)) : null;
  }
  const shape = cocoShape.safeParse(value);
  if (!shape.success) {
    return required ? failed(file, `not a COCO file: ${describeIssues(shape.error)}`) : null;
  }
  return cocoTable(shape.data, file);
}

function failed(file: string, reason: string): SourceResult {
  return { table: new Map(), problems: [{ file, reason }] };
}

interface Gathered {
  image: CocoImage;
  objects: AnnotatedObject[];
  /** Per category: total box area (pixels or fractions, one unit per image) and box count. */
  weight: Map<string, { area: number; count: number }>;
  captions: { order: number; text: string }[];
}

export function cocoTable(
  coco: { images: unknown[]; annotations: unknown[]; categories?: unknown[] },
  file: string,
) {
  const errors = rowErrors(file);
  const categories = new Map<string, string>();
  coco.categories?.forEach((value, i) => {
    const parsed = cocoCategorySchema.safeParse(value);
    if (parsed.success) categories.set(String(parsed.data.id), parsed.data.name.trim());
    else errors.add(`categories[${i}]`, describeIssues(parsed.error));
  });
  const images = new Map<string, Gathered>();
  coco.images.forEach((value, i) => {
    const parsed = cocoImageSchema.safeParse(value);
    if (parsed.success) {
      images.set(String(parsed.data.id), {
        image: parsed.data,
        objects: [],
        weight: new Map(),
        captions: [],
      });
    } else errors.add(`images[${i}]`, describeIssues(parsed.error));
  });
  coco.annotations.forEach((value, i) => {
    const parsed = cocoAnnotationSchema.safeParse(value);
    const reason = parsed.success ? gather(parsed.data, i, images, categories) : describeIssues(parsed.error);
    if (reason) errors.add(`annotations[${i}]`, reason);
  });

  const table: SourceTable = new Map();
  // instances_val2017.json names the split of every image it lists, annotated or not.
  const split = fileNameSplit(file);
  for (const { image, objects, weight, captions } of images.values()) {
    if (objects.length === 0 && weight.size === 0 && captions.length === 0 && !split) continue;
    captions.sort((a, b) => a.order - b.order);
    addRow(table, image.file_name, {
      label: dominantCategory(weight),
      caption: captions[0]?.text ?? null,
      tags: split ? [splitTag(split)] : [],
      objects,
    });
  }
  const rows = coco.categories?.length ?? 0;
  const problem = errors.problem(rows + coco.images.length + coco.annotations.length);
  const problems: AnnotationProblem[] = problem ? [problem] : [];
  return { table, problems };
}

/** Files one annotation under its image; returns why it cannot be used, if it cannot. */
function gather(
  annotation: CocoAnnotation,
  order: number,
  images: Map<string, Gathered>,
  categories: Map<string, string>,
): string | undefined {
  const target = images.get(String(annotation.image_id));
  if (!target) return `image_id ${annotation.image_id} is not in images`;
  if (annotation.caption !== undefined && annotation.caption.trim() !== '') {
    const id = typeof annotation.id === 'number' ? annotation.id : order;
    target.captions.push({ order: id, text: annotation.caption.trim() });
  }
  if (annotation.category_id === undefined || !annotation.bbox) return undefined;
  const label = categories.get(String(annotation.category_id));
  if (label === undefined) return `category_id ${annotation.category_id} is not in categories`;

  const [x, y, w, h] = annotation.bbox;
  const entry = target.weight.get(label) ?? { area: 0, count: 0 };
  entry.area += Math.max(0, w) * Math.max(0, h);
  entry.count += 1;
  target.weight.set(label, entry);
  // A crowd region covers many instances: it speaks for the image label but is not one object to embed.
  if (annotation.iscrowd === 1) return undefined;
  const { width, height } = target.image;
  target.objects.push({
    label,
    box:
      width && height
        ? { unit: 'norm', x: x / width, y: y / height, w: w / width, h: h / height }
        : { unit: 'px', x, y, w, h },
  });
  return undefined;
}

/** The category covering the most box area; ties go to the one with more boxes, then to the name. */
function dominantCategory(weight: Map<string, { area: number; count: number }>): string | null {
  let best: [string, { area: number; count: number }] | undefined;
  for (const entry of weight) {
    if (!best || compare(entry, best) < 0) best = entry;
  }
  return best?.[0] ?? null;
}

function compare(
  [nameA, a]: [string, { area: number; count: number }],
  [nameB, b]: [string, { area: number; count: number }],
): number {
  return b.area - a.area || b.count - a.count || (nameA < nameB ? -1 : nameA > nameB ? 1 : 0);
}

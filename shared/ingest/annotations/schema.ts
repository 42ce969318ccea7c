import { z } from 'zod';
import { splitTag } from '../../splits/index.ts';
import type { AnnotatedObject, Annotation } from './types.ts';

/** Labels may be class numbers (ImageNet-style); they are stored as text. Blank means "no label". */
const text = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((value) => {
    const trimmed = value === null || value === undefined ? '' : String(value).trim();
    return trimmed === '' ? null : trimmed;
  });

/** A list, or one string separated by `;` or `|` (how a CSV cell holds several tags). */
const tags = z
  .union([z.array(z.union([z.string(), z.number()])).max(1000), z.string(), z.null()])
  .optional()
  .transform((value) => {
    const items = typeof value === 'string' ? value.split(/[;|]/) : (value ?? []);
    return [...new Set(items.map((item) => String(item).trim()).filter((item) => item !== ''))];
  });

const finite = z.number().finite();

/** Normalised values well outside [0, 1] are almost always pixels written into the wrong field. */
const fraction = finite
  .min(-0.5)
  .max(1.5, 'box holds fractions of the image; pixel boxes go in bbox: [x, y, w, h]');

const objectSchema = z
  .object({
    label: text,
    box: z.object({ x: fraction, y: fraction, w: fraction, h: fraction }).optional(),
    bbox: z.tuple([finite, finite, finite, finite]).optional(),
  })
  .refine((object) => (object.box === undefined) !== (object.bbox === undefined), {
    message: 'an object needs exactly one of box {x, y, w, h} (normalised) or bbox [x, y, w, h] (pixels)',
  })
  .transform((object): AnnotatedObject => {
    if (object.box) return { label: object.label, box: { unit: 'norm', ...object.box } };
    const [x, y, w, h] = object.bbox as [number, number, number, number];
    return { label: object.label, box: { unit: 'px', x, y, w, h } };
  });

const fields = {
  label: text,
  /** train / val / test (or another short name): stored as the `split:<name>` tag (shared/splits). */
  split: text,
  caption: text,
  tags,
  objects: z.array(objectSchema).max(10_000).nullish(),
};

const toAnnotation = (row: {
  label: string | null;
  caption: string | null;
  split?: string | null;
  tags: string[];
  objects?: AnnotatedObject[] | null;
}): Annotation => ({
  label: row.label,
  caption: row.caption,
  tags: row.split ? [splitTag(row.split), ...row.tags] : row.tags,
  objects: row.objects ?? [],
});

export const sidecarSchema = z.object(fields).transform(toAnnotation);

const keyAliases = ['key', 'file', 'file_name', 'filename', 'path', 'image'] as const;
const keyMessage = `a row needs the image's file in one of: ${keyAliases.join(', ')}`;

/** The first key alias present becomes `key` before validation: cheaper than six optional fields per row. */
function pickKey(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const record = value as Record<string, unknown>;
  const alias = keyAliases.find(
    (name) => typeof record[name] === 'string' && (record[name] as string).trim() !== '',
  );
  return { ...record, key: alias ? (record[alias] as string).trim() : undefined };
}

/** One manifest row (a JSONL line or a CSV record); `boxes` is accepted for `objects`. */
export const manifestRowSchema = z.preprocess(
  pickKey,
  z.object({ key: z.string().optional(), ...fields, boxes: fields.objects }).transform((row, ctx) => {
    if (row.key === undefined) {
      ctx.addIssue({ code: 'custom', message: keyMessage });
      return z.NEVER;
    }
    return { key: row.key, annotation: toAnnotation({ ...row, objects: row.objects ?? row.boxes }) };
  }),
);

const id = z.union([z.number(), z.string()]);

/** COCO is checked entry by entry, so one bad annotation among thousands costs only itself. */
export const cocoShape = z.object({
  images: z.array(z.unknown()),
  annotations: z.array(z.unknown()),
  categories: z.array(z.unknown()).optional(),
});

export const cocoImageSchema = z.object({
  id,
  file_name: z.string().min(1),
  width: z.number().positive().optional(),
  height: z.number().positive().optional(),
});

export const cocoAnnotationSchema = z.object({
  id: id.optional(),
  image_id: id,
  category_id: id.optional(),
  bbox: z.tuple([finite, finite, finite, finite]).optional(),
  iscrowd: z.number().optional(),
  caption: z.string().optional(),
});

export const cocoCategorySchema = z.object({ id, name: z.string().min(1) });

export type CocoImage = z.infer<typeof cocoImageSchema>;
export type CocoAnnotation = z.infer<typeof cocoAnnotationSchema>;

/** The first few issues as "path: message", short enough for a log line and a failure summary. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => (issue.path.length > 0 ? `${formatPath(issue.path)}: ${issue.message}` : issue.message))
    .join('; ');
}

function formatPath(path: PropertyKey[]): string {
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i > 0 ? '.' : ''}${String(part)}`))
    .join('');
}

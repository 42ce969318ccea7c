import { z } from 'zod';
import { datasetName } from '../../config/schema.ts';
import { limitParam, wholeParam } from './common.ts';
import { filtersQueryShape } from './filters.ts';

/** Saved views, snapshots and training exports: the routes that name or change a dataset's state. */
const name = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'lower-case letters, digits, "-" and "_", 1-64 characters');

export const viewParam = z.strictObject({ dataset: datasetName, name });
export const snapshotParam = viewParam;

export const newViewBody = z.strictObject({
  name,
  query: z
    .string()
    .min(1)
    .max(2_000)
    .describe('conditions in the query syntax, e.g. "split:test is:duplicate"'),
  webhook: z
    .strictObject({
      url: z
        .string()
        .max(2_000)
        .describe('https URL under a prefix the operator allowed (views.allowWebhooks)'),
      secret: z
        .string()
        .min(16)
        .max(200)
        .optional()
        .describe('HMAC secret; default: a new one, answered once'),
    })
    .optional(),
});
export type NewViewBody = z.output<typeof newViewBody>;

export const viewSchema = z.object({
  dataset: z.string(),
  name: z.string(),
  query: z.string(),
  webhook: z.object({ url: z.string() }).nullable(),
  owner: z.object({ keyId: z.string(), datasets: z.array(z.string()).nullable() }),
  createdAt: z.string(),
});
export const viewListSchema = z.object({ items: z.array(viewSchema) });
export const createdViewSchema = z.object({
  view: viewSchema,
  secret: z.string().nullable().describe('the signing secret when the server made it: shown this once'),
  total: z.int().describe('images the view matches now (the baseline: later ones are new)'),
});
export const alertSchema = z.object({
  id: z.string().describe('idempotency key, also sent as the Idempotency-Key header'),
  dataset: z.string(),
  view: z.string(),
  query: z.string(),
  trigger: z.string(),
  newMatches: z.int(),
  removed: z.int(),
  total: z.int(),
  ids: z.array(z.string()),
  createdAt: z.string(),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.int(),
  lastError: z.string().nullable(),
  deliveredAt: z.string().nullable(),
});
export const alertListSchema = z.object({ items: z.array(alertSchema) });

export const newSnapshotBody = z.strictObject({ name });
export const snapshotSchema = z.object({
  dataset: z.string(),
  name: z.string(),
  createdAt: z.string(),
  versions: z.record(z.string(), z.int().nullable()).describe('the LanceDB version tagged in each table'),
  counts: z.object({ images: z.int(), objects: z.int() }),
});
export const snapshotListSchema = z.object({ items: z.array(snapshotSchema) });

export const diffQuery = z.strictObject({
  to: name.optional().describe('another snapshot (default: the current state)'),
  limit: limitParam(1_000, 100_000).describe('entries per list; `counts` covers all'),
});
export type DiffQuery = z.output<typeof diffQuery>;
const keyed = z.object({ id: z.string(), key: z.string() });
export const diffSchema = z.object({
  dataset: z.string(),
  from: z.string(),
  to: z.string(),
  counts: z.object({ added: z.int(), removed: z.int(), relabelled: z.int(), changed: z.int() }),
  added: z.array(keyed),
  removed: z.array(keyed),
  relabelled: z.array(keyed.extend({ from: z.string().nullable(), to: z.string().nullable() })),
  changed: z.array(keyed),
  issues: z.record(z.string(), z.object({ appeared: z.array(z.string()), gone: z.array(z.string()) })),
});
export const restoreSchema = z.object({
  dataset: z.string(),
  name: z.string(),
  undo: z.string().describe('the snapshot of the state before: restore it to undo this'),
  tables: z.record(z.string(), z.object({ mode: z.enum(['restore', 'rewrite', 'absent']), rows: z.int() })),
});

export const TRAINING_EXPORT_FORMATS = ['coco', 'yolo', 'list'] as const;
/** Copying images makes the archive as large as the originals: a lower cap than for annotations alone. */
export const MAX_TRAINING_IMAGES = { none: 100_000, copy: 5_000 } as const;
export const trainingExportQuery = z.strictObject({
  ...filtersQueryShape,
  format: z.enum(TRAINING_EXPORT_FORMATS),
  images: z.enum(['none', 'copy']).default('none').describe('copy the originals into the archive, or not'),
  maxImages: wholeParam(z.number().min(1).max(MAX_TRAINING_IMAGES.none))
    .optional()
    .describe(
      `at most this many images (default and cap: ${MAX_TRAINING_IMAGES.none}; ${MAX_TRAINING_IMAGES.copy} with images=copy)`,
    ),
});
export type TrainingExportQuery = z.output<typeof trainingExportQuery>;

import { z } from 'zod';
import { boxSchema, idSchema, int32Id, limitParam } from './common.ts';
import { filtersBody } from './filters.ts';
import { imageSummarySchema, objectSummarySchema } from './images.ts';

export const MAX_HITS = 200;
const hitLimit = z.int().min(1).max(MAX_HITS).default(20);

export const textSearchBody = z
  .strictObject({
    query: z
      .string()
      .trim()
      .min(1)
      .max(1_000)
      .describe(
        'words to search for, optionally with conditions in the search syntax: `label:cat split:test "sunset over mountains"` (docs/query.md)',
      ),
    limit: hitLimit,
    filters: filtersBody.optional(),
  })
  .meta({ id: 'TextSearchRequest' });
export type TextSearchBody = z.output<typeof textSearchBody>;

/** Visual clusters are numbered per level; duplicate clusters have string ids. */
const clusterRef = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('visual'), level: z.int().min(0).max(4).default(0), id: int32Id }),
  z.strictObject({ kind: z.literal('duplicates'), id: z.string().min(1).max(128) }),
]);

/** Exactly one source: an image (or a box of it), an object, or a cluster's centroid. */
export const similarBody = z
  .strictObject({
    imageId: idSchema.optional(),
    box: boxSchema.optional().describe('with imageId: search with this region of the image'),
    objectId: idSchema.optional(),
    cluster: clusterRef.optional(),
    limit: hitLimit,
    filters: filtersBody.optional(),
    target: z.enum(['images', 'objects']).default('images').describe('search images or labelled objects'),
  })
  .superRefine((body, ctx) => {
    const given = (['imageId', 'objectId', 'cluster'] as const).filter((name) => body[name] !== undefined);
    if (given.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: given.length > 1 ? [given[1]] : [],
        message: 'give exactly one of imageId, objectId or cluster (or upload an image as multipart)',
      });
    }
    if (body.box && body.imageId === undefined)
      ctx.addIssue({ code: 'custom', path: ['box'], message: 'a box needs the imageId it is drawn on' });
  })
  .meta({ id: 'SimilarRequest' });
export type SimilarBody = z.output<typeof similarBody>;

/** The non-file fields of a multipart upload search, each a form field. */
export const similarUploadFields = z.strictObject({
  limit: limitParam(20, MAX_HITS),
  target: z.enum(['images', 'objects']).default('images'),
  filters: z.string().max(16_384).optional().describe('the filters object as JSON text'),
});
export type SimilarUploadFields = z.output<typeof similarUploadFields>;

export type SimilarSource =
  | { kind: 'image'; imageId: string; box?: z.output<typeof boxSchema> }
  | { kind: 'object'; objectId: string }
  | { kind: 'cluster'; cluster: z.output<typeof clusterRef> }
  | { kind: 'upload'; bytes: Uint8Array };

export const searchHitSchema = z
  .object({
    id: z.string(),
    key: z.string(),
    score: z.number().describe('relevance in [0, 1] (text) or cosine similarity (similar), higher is better'),
    semanticScore: z.number().nullable(),
    textScore: z.number().nullable(),
    image: imageSummarySchema.optional(),
    object: objectSummarySchema.optional(),
  })
  .meta({ id: 'SearchHit' });

export const searchResultSchema = z
  .object({
    mode: z.enum(['semantic+text', 'text', 'similar']),
    semantic: z.boolean().describe('whether visual-semantic matching ran'),
    notice: z.string().nullable(),
    model: z.string().nullable(),
    hits: z.array(searchHitSchema),
  })
  .meta({ id: 'SearchResult' });

export type SearchHit = z.output<typeof searchHitSchema>;
export type SearchResult = z.output<typeof searchResultSchema>;

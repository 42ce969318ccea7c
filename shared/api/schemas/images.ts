import { z } from 'zod';
import {
  QUALITY_ISSUES,
  type QualityIssue,
  SORTABLE_FIELDS,
  type SortableField,
} from '../../vocabulary/index.ts';
import { cursorSchema, limitParam } from './common.ts';
import { apiFieldShape } from './curation-fields.ts';
import { duplicateMatchSchema, keptBecauseSchema } from './duplicates.ts';
import { type FiltersQuery, filtersQueryShape, ISSUES, issueSchema } from './filters.ts';
import { labelEvidenceSchema } from './labels.ts';

/** Fields a listing sorts by; `-field` sorts descending. Curation fields sort within the latest run. */
export const IMAGE_SORT_FIELDS = [
  'key',
  'ingestedAt',
  'size',
  'width',
  'height',
  'blur',
  'dark',
  'bright',
  ...SORTABLE_FIELDS,
] as const;
export type ImageSortField =
  | 'key'
  | 'ingestedAt'
  | 'size'
  | 'width'
  | 'height'
  | 'blur'
  | 'dark'
  | 'bright'
  | SortableField;
export const CURATION_SORT_FIELDS: ReadonlySet<ImageSortField> = new Set(SORTABLE_FIELDS);

export const sortSchema = z.enum([
  ...IMAGE_SORT_FIELDS,
  ...IMAGE_SORT_FIELDS.map((field) => `-${field}` as const),
]);
export type ImageSort = z.output<typeof sortSchema>;

export const MAX_PAGE = 1_000;

export const imagesQuery = z.strictObject({
  ...filtersQueryShape,
  sort: sortSchema.optional().describe('default: the single issue asked for, most confident first; else key'),
  cursor: cursorSchema.optional(),
  limit: limitParam(50, MAX_PAGE),
});
export type ImagesQuery = z.output<typeof imagesQuery>;
export type { FiltersQuery };

const score = z.number();

export const qualitySchema = z
  .object({
    blur: score,
    dark: score,
    bright: score,
    lowInformation: score,
    oddSize: score,
    oddAspectRatio: score,
    grayscale: score,
  })
  .meta({ id: 'QualityScores', description: 'Quality confidences in [0, 1]; 0.5 is the default threshold.' });

export const qualityUnjudgedSchema = z
  .partialRecord(z.enum(QUALITY_ISSUES as [QualityIssue, ...QualityIssue[]]), z.string())
  .meta({
    id: 'QualityUnjudged',
    description:
      'The quality checks that could not judge the image, and why ("too small (120x90 < 192 px shortest side)", ' +
      '"no step edges to measure"): their confidence is 0, not a verdict. Empty when every check judged.',
  });

export const curationScoresSchema = z.object({ runId: z.string(), ...apiFieldShape() }).meta({
  id: 'CurationScores',
  description: 'Scores of the latest curation run (null before the first run).',
});

export const issueHitSchema = z
  .object({ type: issueSchema, confidence: score, suggestedLabel: z.string().optional() })
  .meta({ id: 'IssueHit' });

export const imageSummarySchema = z
  .object({
    id: z.string(),
    key: z.string(),
    label: z.string().nullable(),
    caption: z.string().nullable(),
    tags: z.array(z.string()),
    width: z.int(),
    height: z.int(),
    format: z.string(),
    size: z.int(),
    ingestedAt: z.iso.datetime(),
    quality: qualitySchema,
    qualityUnjudged: qualityUnjudgedSchema,
    curation: curationScoresSchema.nullable(),
    issues: z.array(issueHitSchema).describe('issues at or above the threshold of the request'),
    thumbnailUrl: z.string(),
  })
  .meta({ id: 'ImageSummary' });

export const imagePageSchema = z
  .object({
    items: z.array(imageSummarySchema),
    nextCursor: z.string().nullable().describe('pass as `cursor` for the next page; null at the end'),
    runId: z.string().nullable().describe('the curation run whose scores the page shows'),
  })
  .meta({ id: 'ImagePage' });

export const objectSummarySchema = z
  .object({
    id: z.string(),
    imageId: z.string(),
    key: z.string(),
    label: z.string().nullable(),
    box: z.object({ x: score, y: score, width: score, height: score }),
    curation: curationScoresSchema.nullable(),
  })
  .meta({ id: 'ObjectSummary' });

export const neighbourSchema = z.object({ id: z.string(), key: z.string(), score }).meta({ id: 'Neighbour' });

export const imageDetailSchema = imageSummarySchema
  .extend({
    sha256: z.string(),
    pixelHash: z.string(),
    model: z.string(),
    originalUrl: z.string(),
    objects: z.array(objectSummarySchema),
    duplicates: z
      .object({
        cluster: z.string(),
        members: z.array(
          z.object({
            id: z.string(),
            key: z.string(),
            label: z.string().nullable(),
            representative: z.boolean(),
            duplicateScore: score,
            exactDuplicate: z.boolean(),
            duplicateMatch: duplicateMatchSchema,
            keptBecause: keptBecauseSchema,
          }),
        ),
      })
      .nullable(),
    neighbours: z.array(neighbourSchema),
    labelEvidence: labelEvidenceSchema
      .nullable()
      .describe('why the label checks scored it so; null below a label confidence of 0.25'),
  })
  .meta({ id: 'ImageDetail' });

export type QualityScoresOut = z.output<typeof qualitySchema>;
export type CurationScores = z.output<typeof curationScoresSchema>;
export type IssueHit = z.output<typeof issueHitSchema>;
export type ImageSummary = z.output<typeof imageSummarySchema>;
export type ImagePage = z.output<typeof imagePageSchema>;
export type ObjectSummary = z.output<typeof objectSummarySchema>;
export type Neighbour = z.output<typeof neighbourSchema>;
export type ImageDetail = z.output<typeof imageDetailSchema>;
export { ISSUES };

export const objectPageSchema = z
  .object({
    items: z.array(objectSummarySchema),
    nextCursor: z.string().nullable(),
    runId: z.string().nullable(),
  })
  .meta({ id: 'ObjectPage' });
export type ObjectPage = z.output<typeof objectPageSchema>;

import { z } from 'zod';

/** How far the labels can be trusted here, in numbers and in words (the same sentence the CLI and report print). */
export const labelCheckSchema = z
  .object({
    separability: z.enum(['predictable', 'partly', 'unpredictable']),
    message: z.string(),
    accuracy: z.number().describe('out-of-sample kNN accuracy of the vote against the given labels'),
    chance: z.number().describe('the accuracy a vote guessing at the label frequencies would reach'),
    trust: z.number().describe('agreement beyond chance (lower bound); it bounds every mislabel confidence'),
  })
  .meta({ id: 'LabelCheck' });

export const labelEvidenceSchema = z
  .object({
    voters: z
      .array(
        z.object({
          id: z.string(),
          key: z.string().nullable().describe('null when the image has since been deleted'),
          label: z.string(),
          similarity: z.number(),
          weight: z.number(),
          thumbnailUrl: z.string(),
        }),
      )
      .describe('the labelled neighbours that voted, nearest first'),
    neighbourhood: z
      .array(z.object({ label: z.string(), share: z.number() }))
      .describe("the vote's share per label"),
    trust: z.number(),
    classOutlier: z
      .object({ distance: z.number(), classMedian: z.number(), classQ3: z.number(), z: z.number() })
      .optional()
      .describe("cosine distance to the class centroid against the class's median and Q3"),
    datasetOutlier: z
      .object({ distance: z.number(), datasetMedian: z.number(), datasetQ3: z.number(), z: z.number() })
      .optional()
      .describe("mean cosine distance to the nearest neighbours against the dataset's median and Q3"),
  })
  .meta({ id: 'LabelEvidence' });
export type LabelEvidenceAnswer = z.output<typeof labelEvidenceSchema>;

export const labelHealthAnswerSchema = z
  .object({
    runId: z.string(),
    model: z.string(),
    check: labelCheckSchema,
    outliers: z
      .object({ contrast: z.number(), judged: z.number(), message: z.string() })
      .optional()
      .describe('whether dataset outliers can be judged with this model here (1 = fully, 0 = cannot judge)'),
    threshold: z.number(),
    labelled: z.int(),
    unlabelled: z.int(),
    flagged: z.int(),
    estimatedIssues: z.number(),
    healthScore: z
      .number()
      .nullable()
      .describe('1 - estimated issues / labelled; null where labels are not checked'),
    classes: z.array(
      z.object({
        label: z.string(),
        size: z.int(),
        share: z.number(),
        flagged: z.int(),
        estimatedIssues: z.number(),
        issueShare: z.number(),
        suggestedFor: z.int(),
        trust: z.number(),
      }),
    ),
    classesLeftOut: z.int(),
    singletons: z.array(z.string()).describe('labels used once: the vote cannot judge them'),
    confusedPairs: z.array(
      z.object({ a: z.string(), b: z.string(), estimatedIssues: z.number(), share: z.number() }),
    ),
  })
  .meta({ id: 'LabelHealth' });
export type LabelHealthAnswer = z.output<typeof labelHealthAnswerSchema>;

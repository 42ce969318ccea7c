import { z } from 'zod';
import { labelCalibrationSchema, separability } from './calibration.ts';
import { encodeLabels } from './codes.ts';
import type { MislabelScores } from './mislabels.ts';
import type { Labels } from './types.ts';

/** Classes kept in a summary (most issues first): a run row stays small with any number of labels. */
export const MAX_HEALTH_CLASSES = 500;
const MAX_PAIRS = 10;

const classHealthSchema = z.object({
  label: z.string(),
  size: z.number().int(),
  /** Share of the labelled images that carry this label. */
  share: z.number(),
  /** Images flagged at the run's threshold. */
  flagged: z.number().int(),
  /** Expected label errors: the sum of the calibrated confidences, so it means what they mean. */
  estimatedIssues: z.number(),
  issueShare: z.number(),
  /** Images of other classes whose neighbourhood suggests this label (cleanlab's "inverse label issues"). */
  suggestedFor: z.number(),
  trust: z.number(),
});

export const labelHealthSchema = z.object({
  threshold: z.number(),
  labelled: z.number().int(),
  unlabelled: z.number().int(),
  flagged: z.number().int(),
  estimatedIssues: z.number(),
  /** 1 - estimatedIssues / labelled, as cleanlab's overall label health score; null where labels are not checked. */
  healthScore: z.number().nullable(),
  separability: z.enum(['predictable', 'partly', 'unpredictable']),
  calibration: labelCalibrationSchema,
  classes: z.array(classHealthSchema),
  /** Classes left out of `classes` (only the MAX_HEALTH_CLASSES with most issues are kept). */
  classesLeftOut: z.number().int(),
  /** Labels used once: the vote cannot judge them (a new class, or a typo). */
  singletons: z.array(z.string()),
  /** Pairs of classes most often suggested for each other, by their estimated shared issues. */
  confusedPairs: z.array(
    z.object({ a: z.string(), b: z.string(), estimatedIssues: z.number(), share: z.number() }),
  ),
});
export type LabelHealth = z.output<typeof labelHealthSchema>;

/**
 * Per-class label health of one run, cleanlab-style (its dataset health summary), built from the calibrated
 * scores: O(n + classes^2) time for the pair table, bounded by MAX_HEALTH_CLASSES in what is kept.
 */
export function labelHealth(labels: Labels, scores: MislabelScores, threshold: number): LabelHealth {
  const { codes, names, counts } = encodeLabels(labels);
  const byName = scores.labels.map((name) => names.indexOf(name));
  const classCount = names.length;
  const flagged = new Float64Array(classCount);
  const expected = new Float64Array(classCount);
  const suggestedFor = new Float64Array(classCount);
  const pairs = new Map<number, number>();
  let labelled = 0;
  for (let i = 0; i < codes.length; i++) {
    const y = codes[i];
    if (y < 0) continue;
    labelled++;
    const c = scores.confidence[i];
    expected[y] += c;
    if (c >= threshold) flagged[y]++;
    const top = scores.suggested[i * scores.maxSuggestions];
    const j = top >= 0 ? byName[top] : -1;
    if (j < 0 || c <= 0) continue;
    suggestedFor[j] += c >= threshold ? 1 : 0;
    const key = Math.min(y, j) * classCount + Math.max(y, j);
    pairs.set(key, (pairs.get(key) ?? 0) + c);
  }
  const total = expected.reduce((a, b) => a + b, 0);
  const classes = names
    .map((label, c) => ({
      label,
      size: counts[c],
      share: labelled > 0 ? counts[c] / labelled : 0,
      flagged: flagged[c],
      estimatedIssues: round(expected[c]),
      issueShare: counts[c] > 0 ? round(expected[c] / counts[c]) : 0,
      suggestedFor: suggestedFor[c],
      trust: round(scores.calibration.perClass[label]?.trust ?? scores.calibration.trust),
    }))
    .sort((a, b) => b.estimatedIssues - a.estimatedIssues || b.size - a.size);
  const confusedPairs = [...pairs.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, MAX_PAIRS)
    .map(([key, issues]) => ({
      a: names[Math.floor(key / classCount)],
      b: names[key % classCount],
      estimatedIssues: round(issues),
      share: labelled > 0 ? round(issues / labelled) : 0,
    }));
  const kind = separability(scores.calibration);
  return {
    threshold,
    labelled,
    unlabelled: codes.length - labelled,
    flagged: flagged.reduce((a, b) => a + b, 0),
    estimatedIssues: round(total),
    healthScore: kind === 'unpredictable' || labelled === 0 ? null : round(1 - total / labelled),
    separability: kind,
    calibration: scores.calibration,
    classes: classes.slice(0, MAX_HEALTH_CLASSES),
    classesLeftOut: Math.max(0, classes.length - MAX_HEALTH_CLASSES),
    singletons: names.filter((_, c) => counts[c] === 1).slice(0, MAX_HEALTH_CLASSES),
    confusedPairs,
  };
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

import { z } from 'zod';

/** How far this dataset's labels can be predicted from this model's embeddings; it bounds every mislabel score. */
export const labelCalibrationSchema = z.object({
  /** Labelled images the vote could judge (a neighbour, or an alignment row). */
  judged: z.number().int().min(0),
  classes: z.number().int().min(0),
  /** Out-of-sample kNN accuracy: the share of judged images whose vote's top label is their given label. */
  accuracy: z.number().min(0).max(1),
  /** Accuracy by chance: a vote that guessed labels at the frequencies seen (Cohen's expected agreement). */
  chance: z.number().min(0).max(1),
  /** Agreement beyond chance, from a lower bound of the accuracy: 0 = labels unpredictable, 1 = fully. */
  trust: z.number().min(0).max(1),
  /** Per label: members, and the class's own trust (its one-vs-rest kappa, shrunk towards `trust`). */
  perClass: z.record(z.string(), z.object({ size: z.number().int(), trust: z.number().min(0).max(1) })),
});
export type LabelCalibration = z.output<typeof labelCalibrationSchema>;

/** What to run for semantic label checks: a CLIP model's text tower and embeddings. */
export const CLIP_PULL_HINT = '`viscura models pull openai-clip-vit-b32`';

/** Below this trust the labels are "not predictable" in every message; between it and STRONG "partly". */
export const WEAK_TRUST = 0.3;
export const STRONG_TRUST = 0.6;
/** Pseudo-count that pulls a small class's own trust towards the dataset's: a handful of images says little. */
const CLASS_PRIOR = 10;
/** z of the accuracy's Wilson lower bound: a small dataset has to earn its trust. */
const WILSON_Z = 1;

/**
 * Calibration from the out-of-sample vote: `predicted[i]` is image i's top label in its own (leave-one-out)
 * neighbourhood vote, -1 where it was not judged. Formulas in docs/curation-labels.md.
 */
export function calibrate(
  codes: Int32Array,
  predicted: Int32Array,
  names: readonly string[],
): LabelCalibration {
  const classCount = names.length;
  const given = new Float64Array(classCount);
  const said = new Float64Array(classCount);
  const hits = new Float64Array(classCount);
  let judged = 0;
  for (let i = 0; i < codes.length; i++) {
    const y = codes[i];
    const p = predicted[i];
    if (y < 0 || p < 0) continue;
    judged++;
    given[y]++;
    said[p]++;
    if (p === y) hits[y]++;
  }
  const correct = hits.reduce((a, b) => a + b, 0);
  const accuracy = judged > 0 ? correct / judged : 0;
  // With nothing judged, chance is 1 (no agreement beyond it): the frequencies below would be 0 / 0.
  let chance = judged > 0 ? 0 : 1;
  if (judged > 0) for (let c = 0; c < classCount; c++) chance += (given[c] / judged) * (said[c] / judged);
  const trust = beyondChance(wilsonLower(correct, judged), chance);
  const perClass: LabelCalibration['perClass'] = {};
  for (let c = 0; c < classCount; c++) {
    const own = classKappa(hits[c], given[c], said[c], judged);
    perClass[names[c]] = {
      size: given[c],
      trust: (given[c] * own + CLASS_PRIOR * trust) / (given[c] + CLASS_PRIOR),
    };
  }
  return { judged, classes: classCount, accuracy, chance, trust, perClass };
}

/**
 * The trust of one flag: the geometric mean of the given class's and the suggested class's trust, so that a
 * flag between two classes the model tells apart counts fully and one involving a muddled class does not.
 * A class the calibration has not seen takes the dataset's trust.
 */
export function flagTrust(
  calibration: LabelCalibration,
  given: string,
  suggested: string | undefined,
): number {
  const of = (label: string | undefined) =>
    (label === undefined ? undefined : calibration.perClass[label]?.trust) ?? calibration.trust;
  return Math.sqrt(of(given) * of(suggested));
}

/**
 * What a flag's trust does to the vote's confidence: nothing where the labels are predictable (trust >= 0.6),
 * and in proportion below, down to 0 where they are unpredictable. Measured on Fashion-MNIST with 10% noise:
 * a factor of the trust itself everywhere loses a third of the look-alike flips (see docs/curation-labels.md).
 */
export function trustFactor(trust: number): number {
  return Math.min(1, trust / STRONG_TRUST);
}

export type Separability = 'predictable' | 'partly' | 'unpredictable';

export function separability(calibration: LabelCalibration): Separability {
  if (calibration.trust >= STRONG_TRUST) return 'predictable';
  return calibration.trust >= WEAK_TRUST ? 'partly' : 'unpredictable';
}

/** The sentence the API, CLI, page and report show. `pullHint` names the command that installs a CLIP model. */
export function describeCalibration(calibration: LabelCalibration, pullHint = CLIP_PULL_HINT): string {
  const pct = (x: number) => `${Math.round(100 * x)}%`;
  const figures = `kNN accuracy ${pct(calibration.accuracy)} vs ${pct(calibration.chance)} by chance`;
  if (calibration.classes < 2 || calibration.judged === 0)
    return 'Labels are not checked: the dataset needs at least two labelled classes.';
  switch (separability(calibration)) {
    case 'predictable':
      return `Labels are predictable from this model's embeddings (${figures}); mislabel confidences are trusted at ${pct(calibration.trust)}.`;
    case 'partly':
      return `Labels are only partly predictable from this model's embeddings (${figures}): mislabel confidences are capped at ${pct(calibration.trust)}, so few images are flagged; for semantic checks install a CLIP model: ${pullHint}`;
    default:
      return `Labels are not predictable from this model's embeddings (${figures}): labels are not checked; install a CLIP model for semantic checks: ${pullHint}`;
  }
}

function beyondChance(accuracy: number, chance: number): number {
  if (!(chance < 1)) return 0;
  return Math.max(0, Math.min(1, (accuracy - chance) / (1 - chance)));
}

/** Wilson score interval's lower end for `hits` of `n`. */
function wilsonLower(hits: number, n: number): number {
  if (n === 0) return 0;
  const p = hits / n;
  const z2 = WILSON_Z * WILSON_Z;
  const centre = p + z2 / (2 * n);
  const margin = WILSON_Z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return Math.max(0, (centre - margin) / (1 + z2 / n));
}

/** Cohen's kappa of "the vote says c" against "labelled c" over the judged images, clipped to [0, 1]. */
function classKappa(hits: number, given: number, said: number, n: number): number {
  if (n === 0 || given === 0) return 0;
  const agree = (n - given - said + 2 * hits) / n;
  const expected = (given * said + (n - given) * (n - said)) / (n * n);
  if (!(expected < 1)) return 0;
  return Math.max(0, Math.min(1, (agree - expected) / (1 - expected)));
}

import type { ImageMeta, QualityIssue, QualityScores } from '../types.ts';
import type { QualityMeasures } from './measures.ts';

/**
 * The shortest side (of the original, in pixels) below which a check's verdict says little, from
 * `npm run bench -- quality-size` (docs/quality.md): blur loses its recall as shrinking removes the blur
 * (held-out F1 0.88 at 384 px, 0.65 at 192, 0.33 at 128); dark and bright are histograms and hold to 64 px
 * (dark F1 0.91 there, 0.83 at 32).
 */
export const JUDGE_FLOOR_PX = { blur: 192, dark: 64, bright: 64 } as const satisfies Partial<
  Record<QualityIssue, number>
>;

/** Why each check that could not judge the image did not; empty when every check judged. */
export type Unjudged = Partial<Record<QualityIssue, string>>;

export function unjudgedChecks(m: QualityMeasures, meta: Pick<ImageMeta, 'width' | 'height'>): Unjudged {
  const shortest = Math.min(meta.width, meta.height);
  const reasons: Unjudged = {};
  for (const [issue, floor] of Object.entries(JUDGE_FLOOR_PX) as [QualityIssue, number][]) {
    if (shortest < floor)
      reasons[issue] = `too small (${meta.width}x${meta.height} < ${floor} px shortest side)`;
  }
  // A flat or ramp-only picture has nothing that could be blurred: not sharp, just not measurable.
  if (reasons.blur === undefined && m.edgeWidth === null) reasons.blur = 'no step edges to measure';
  return reasons;
}

/** The scores with 0 for every check that could not judge: no confidence, and the reason said beside it. */
export function withoutUnjudged(scores: QualityScores, unjudged: Unjudged): QualityScores {
  const judged = { ...scores };
  for (const issue of Object.keys(unjudged) as QualityIssue[]) judged[issue] = 0;
  return judged;
}

import type { DuplicateImage } from './types.ts';
import type { PairVerdict } from './verify/index.ts';

/** Below this share one picture shows only part of the other (a crop), or has area the other lacks (a border). */
const WHOLE = 0.9;
const ROTATED = (1.5 * Math.PI) / 180;
const TONE_SHIFT = 0.03;
const CONTRAST_SHIFT = 0.08;

/**
 * The words for how `copy` differs from `keeper`, from the verified placement (`reversed` when the verdict
 * placed the keeper over the copy): flipped, rotated, cropped, bordered (border, padding, letterbox), resized,
 * tone-shifted, else re-encoded. 'unverified' when only the descriptor matched them.
 */
export function describeTransforms(
  keeper: DuplicateImage,
  copy: DuplicateImage,
  verdict: PairVerdict | null,
  reversed: boolean,
): string[] {
  if (!verdict) return ['unverified'];
  const keeperCovered = reversed ? verdict.coverB : verdict.coverA;
  const copyCovered = reversed ? verdict.coverA : verdict.coverB;
  const words: string[] = [];
  if (verdict.transform.flipped) words.push('flipped');
  if (Math.abs(verdict.transform.rotation) > ROTATED) words.push('rotated');
  if (keeperCovered < WHOLE) words.push('cropped');
  if (copyCovered < WHOLE) words.push('bordered');
  const framed = words.includes('cropped') || words.includes('bordered') || words.includes('rotated');
  if (!framed && Math.abs(copy.width / keeper.width - 1) > 0.02) words.push('resized');
  const shift = reversed ? -verdict.meanShift : verdict.meanShift;
  const contrast = reversed ? 1 / verdict.contrastRatio : verdict.contrastRatio;
  if (Math.abs(shift) > TONE_SHIFT || Math.abs(contrast - 1) > CONTRAST_SHIFT) words.push('tone-shifted');
  if (words.length === 0) words.push('re-encoded');
  return words;
}

import { VisibleError } from '../../errors/index.ts';
import type { LabelAlignment } from './types.ts';

/** The alignment matrix seen through our label codes: `column[code]` is its column, -1 when the model lacks it. */
export interface AlignedScores {
  scores: Float32Array;
  width: number;
  column: Int32Array;
}

export function alignScores(alignment: LabelAlignment, names: readonly string[], n: number): AlignedScores {
  const width = alignment.labels.length;
  if (width === 0 || alignment.scores.length !== n * width) {
    throw new VisibleError(
      `The label alignment must hold ${n} rows of ${width} scores (one per image and label); it holds ${alignment.scores.length}.`,
      'invalid_input',
    );
  }
  const byName = new Map(alignment.labels.map((label, col) => [label, col]));
  const column = Int32Array.from(names, (name) => byName.get(name) ?? -1);
  return { scores: alignment.scores, width, column };
}

/**
 * Row i's alignment over our labels, renormalised to sum to 1 over the labels the model scored; false when the
 * model did not score the given label (then the vote alone decides).
 */
export function alignmentRow(aligned: AlignedScores, i: number, given: number, out: Float64Array): boolean {
  if (aligned.column[given] < 0) return false;
  let total = 0;
  for (let c = 0; c < out.length; c++) {
    const col = aligned.column[c];
    const s = col < 0 ? 0 : Math.max(0, aligned.scores[i * aligned.width + col]);
    out[c] = s;
    total += s;
  }
  if (!(total > 0)) return false;
  for (let c = 0; c < out.length; c++) out[c] /= total;
  return true;
}

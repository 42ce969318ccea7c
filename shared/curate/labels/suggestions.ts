import type { MislabelScores } from './mislabels.ts';

export interface LabelShare {
  label: string;
  /** Share of the (combined) vote in [0, 1]. */
  share: number;
}

/** The labels suggested for vector i, best first. */
export function suggestionsOf(scores: MislabelScores, i: number): LabelShare[] {
  const out: LabelShare[] = [];
  for (let r = 0; r < scores.maxSuggestions; r++) {
    const code = scores.suggested[i * scores.maxSuggestions + r];
    if (code < 0) break;
    out.push({ label: scores.labels[code], share: scores.suggestedShare[i * scores.maxSuggestions + r] });
  }
  return out;
}

/** Indices whose confidence reaches the threshold, most confident first. */
export function flagged(confidence: Float32Array, threshold = 0.5): number[] {
  const hits: number[] = [];
  for (let i = 0; i < confidence.length; i++) if (confidence[i] >= threshold) hits.push(i);
  return hits.sort((a, b) => confidence[b] - confidence[a]);
}

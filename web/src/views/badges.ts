import { ISSUE_SPECS } from '../../../shared/vocabulary/index.ts';
import { SLIDER_ISSUES, type SliderIssue } from '../state.ts';
import type { IssueHit } from '../types.ts';

/** What a card's badge says and what its title explains. */
export interface Badge {
  type: SliderIssue;
  text: string;
  title: string;
}

const SHORT: Record<SliderIssue, string> = {
  duplicates: 'duplicate',
  mislabels: 'mislabel',
  outliers: 'outlier',
  blur: 'blur',
  dark: 'dark',
  bright: 'bright',
};

const MEANING: Record<SliderIssue, string> = {
  duplicates: 'confidence it duplicates another image (a copy to drop)',
  mislabels: 'confidence its label is wrong',
  outliers: 'confidence it does not look like the rest of its label (or of the dataset)',
  blur: 'confidence the image is blurry',
  dark: 'confidence the image is too dark',
  bright: 'confidence the image is over-exposed',
};

const isSlider = (type: string): type is SliderIssue => (SLIDER_ISSUES as readonly string[]).includes(type);

/**
 * The badges of a card, each judged against its own issue's slider. The API answers a request's issues at one
 * threshold (the lowest slider in use), so moving Blurry to 0 brings back every kind of hit at 0: without this
 * every card would show every badge.
 */
export function badgesOf(issues: IssueHit[], thresholds: Record<SliderIssue, number>): Badge[] {
  return issues.flatMap((hit) => {
    if (!isSlider(hit.type)) return [];
    const threshold = thresholds[hit.type];
    if (hit.confidence < threshold) return [];
    const confidence = hit.confidence.toFixed(2);
    const name =
      hit.type === 'mislabels' && hit.suggestedLabel ? `mislabel → ${hit.suggestedLabel}` : SHORT[hit.type];
    const slider = ISSUE_SPECS[hit.type].words.filter.replace(/ \(.*\)$/, '');
    return [
      {
        type: hit.type,
        text: `${name} ${confidence}`,
        title: `${MEANING[hit.type]}: ${confidence} (shown at ${slider} ≥ ${threshold.toFixed(2)})`,
      },
    ];
  });
}

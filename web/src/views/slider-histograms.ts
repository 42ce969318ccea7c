import { ISSUE_SPECS } from '../../../shared/vocabulary/index.ts';
import { ApiFailure } from '../api.ts';
import type { App } from '../context.ts';
import { distributionsOf, knownDistributions } from '../distributions.ts';
import type { SliderIssue } from '../state.ts';
import type { ScoreDistributions } from '../types.ts';
import type { HistogramData, SliderHistogram } from './histogram.ts';

/** Each slider's histogram, keyed by what it cuts: an issue, or uniqueness. */
export type Histograms = Map<SliderIssue | 'uniqueness', SliderHistogram>;

/** Draws the histograms at once when the dataset's are known (a re-render), else when they arrive. */
export function fillHistograms(app: App, histograms: Histograms): void {
  const known = knownDistributions(app.state.dataset);
  if (known) {
    drawAll(histograms, known);
    return;
  }
  distributionsOf(app).then(
    (answer) => drawAll(histograms, answer),
    (error: unknown) => {
      if (!(error instanceof ApiFailure)) {
        app.fail(error);
        return;
      }
      for (const histogram of histograms.values()) histogram.show({ note: `No histogram: ${error.message}` });
    },
  );
}

function drawAll(histograms: Histograms, answer: ScoreDistributions): void {
  for (const [name, histogram] of histograms) histogram.show(dataOf(answer, name));
}

/** Quality scores exist from ingest on; curation scores (and uniqueness) only once a run has scored the images. */
function dataOf(answer: ScoreDistributions, name: SliderIssue | 'uniqueness'): HistogramData {
  const curation = name === 'uniqueness' || ISSUE_SPECS[name].source === 'curation';
  if (curation && answer.runId === null) return { note: 'No curation run yet: no histogram.' };
  const data = name === 'uniqueness' ? answer.uniqueness : answer.scores[name];
  return data.total === 0 ? { note: 'No scored images yet: no histogram.' } : data;
}

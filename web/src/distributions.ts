import type { App } from './context.ts';
import type { ScoreDistributions } from './types.ts';

/**
 * The score histograms behind the sliders: fetched once per dataset while the browse view stays open (a slider's
 * commit re-renders the view and must not ask again), forgotten when another view is opened so that coming back
 * reads the latest run.
 */
const cache = new Map<string, Promise<ScoreDistributions>>();
const known = new Map<string, ScoreDistributions>();

export function distributionsOf(app: App): Promise<ScoreDistributions> {
  const dataset = app.state.dataset ?? '';
  let entry = cache.get(dataset);
  if (!entry) {
    entry = app.client
      .get('/v1/datasets/{dataset}/distributions', { params: app.dataset() })
      .then((answer) => {
        known.set(dataset, answer);
        return answer;
      });
    entry.catch(() => cache.delete(dataset));
    cache.set(dataset, entry);
  }
  return entry;
}

/** The histograms already read, so a re-render draws them at once (and keeps the focused slider in place). */
export const knownDistributions = (dataset: string | null): ScoreDistributions | undefined =>
  known.get(dataset ?? '');

export function forgetDistributions(): void {
  cache.clear();
  known.clear();
}

import type { DatasetList } from '../../../shared/api/schemas/datasets.ts';
import type { App } from '../context.ts';
import { liveWords } from '../words/live.ts';
import './live.css';
import { markChanged, readMark, runMoved, sameDataset } from './mark.ts';
import { liveNotice } from './notice.ts';
import { type Poller, startPoll } from './poll.ts';

export const INTERVAL_MS = 10_000;
/** Set in localStorage to poll more often (the tests use a few hundred ms); the back-off is six intervals. */
export const INTERVAL_SETTING = 'viscura-live-interval-ms';
/**
 * The Node API holds curation results for 2 s (CACHE_MS in shared/api/lance/results.ts) while the run list is read
 * fresh: a new run is drawn this long after it is seen, so the view does not redraw the run before it.
 */
const RESULTS_SETTLE_MS = 2_500;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface LiveHooks {
  /** Draws the open view afresh (counts, listing, histograms, map), keeping its place and the open detail. */
  refresh(): Promise<void>;
  /** The dataset list with its new image counts (for the dataset picker). */
  datasets(list: DatasetList): void;
}

function interval(): number {
  const set = Number(localStorage.getItem(INTERVAL_SETTING));
  return Number.isFinite(set) && set >= 100 ? set : INTERVAL_MS;
}

/** Starts the poll of the open dataset: on a change the page refreshes and says what changed. */
export function startLive(app: App, hooks: LiveHooks): Poller {
  const notice = liveNotice();
  document.body.append(notice.element);
  const every = interval();
  return startPoll({
    async read() {
      const { mark, list } = await readMark(app.client, app.state.dataset ?? '');
      hooks.datasets(list);
      return mark;
    },
    changed: markChanged,
    comparable: sameDataset,
    async onChange(before, after) {
      if (runMoved(before, after)) await pause(RESULTS_SETTLE_MS);
      await hooks.refresh().catch(() => undefined);
      notice.show(liveWords(before, after));
    },
    interval: every,
    backoff: every * 6,
    timers: { set: (run, ms) => setTimeout(run, ms), clear: (handle) => clearTimeout(handle as number) },
    visibility: {
      visible: () => document.visibilityState === 'visible',
      watch(listener) {
        document.addEventListener('visibilitychange', listener);
        return () => document.removeEventListener('visibilitychange', listener);
      },
    },
  });
}

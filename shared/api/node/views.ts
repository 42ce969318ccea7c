import type { Runtime } from '../../runtime/index.ts';
import type { CurationStore } from '../../store/index.ts';
import { openViews, type Views } from '../../views/index.ts';
import type { IssueDefaults } from './deps.ts';
import { resultsCache } from './results.ts';
import { viewIds } from './view-ids.ts';

/**
 * The saved views of a runtime's store, matched with the API's own view reader. Each check reads the newest
 * curation results (a fresh cache), so a view sees the run that just finished.
 */
export function openRuntimeViews(runtime: Runtime, curation: CurationStore): Promise<Views> {
  const { config } = runtime;
  const t = config.thresholds;
  const thresholds: IssueDefaults = {
    duplicates: t.duplicate,
    mislabels: t.mislabel,
    outliers: t.outlier,
    blur: t.blur,
    dark: t.dark,
    bright: t.bright,
  };
  return openViews(config.dbUri as string, {
    storageOptions: runtime.storageOptions,
    log: runtime.log.child({ component: 'views' }),
    allowWebhooks: config.views.allowWebhooks,
    delivery: config.views,
    matches: (dataset, filters) =>
      viewIds(
        { store: runtime.store, curation, results: resultsCache(curation), thresholds },
        dataset,
        filters,
      ),
  });
}

import type { App } from './context.ts';
import type { VisualClusterRef } from './state.ts';
import type { VisualCluster } from './types.ts';

/**
 * Visual clusters already read, by dataset, level and id: the tiles of the clusters view fill it, so the chip of
 * an opened cluster and the head of a "find similar" from one name it at once; a shared link reads it by id.
 */
const known = new Map<string, Promise<VisualCluster | null>>();
const keyOf = (dataset: string, ref: VisualClusterRef) => `${dataset}/${ref.level}/${ref.id}`;

export function rememberCluster(dataset: string, cluster: VisualCluster): void {
  known.set(keyOf(dataset, cluster), Promise.resolve(cluster));
}

/** The cluster the reference names in the latest run, or null when the run has none such. */
export function visualClusterOf(app: App, ref: VisualClusterRef): Promise<VisualCluster | null> {
  const key = keyOf(app.state.dataset ?? '', ref);
  let found = known.get(key);
  if (!found) {
    found = app.client
      .get('/v1/datasets/{dataset}/clusters', {
        params: app.dataset(),
        query: { kind: 'visual', level: ref.level, id: ref.id, limit: 1 },
      })
      .then((page) => page.items.find((item): item is VisualCluster => !('members' in item)) ?? null);
    found.catch(() => known.delete(key));
    known.set(key, found);
  }
  return found;
}

/** After a new run the clusters are numbered afresh. */
export function forgetClusters(): void {
  known.clear();
}

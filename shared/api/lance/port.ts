import { classBalance } from '../../curate/balance/index.ts';
import { findLeaks } from '../../curate/leakage/index.ts';
import type { QueryPort } from '../ports.ts';
import type { PortContext } from './context.ts';
import { runOf } from './convert.ts';
import { clusters, latestReport, objects } from './curation.ts';
import type { LanceQueryDeps } from './deps.ts';
import { scoreDistributions } from './distributions.ts';
import { exportView } from './export.ts';
import { imageDetail, imageFile, listImages } from './images.ts';
import { datasetGuard } from './known-datasets.ts';
import { labelHealthOf } from './labels.ts';
import { deleteView, snapshotDiff, trainingExport, withSnapshots, withViews } from './manage.ts';
import { mapPage } from './map.ts';
import { resolveObjects } from './objects-filter.ts';
import { resultsCache } from './results.ts';
import { searchSimilar, searchText } from './search.ts';
import { textVectorCache } from './text-vectors.ts';

export interface LanceQueryPort extends QueryPort {
  /** Loads the latest run's curation rows of these datasets, so the first requests need not wait for them. */
  preload(datasets: readonly string[]): Promise<void>;
}

/** The query port over LanceDB, the bucket and the embedder: what Node and the query Lambda answer with. */
export function createLanceQueryPort(deps: LanceQueryDeps): LanceQueryPort {
  const ctx: PortContext = { ...deps, results: resultsCache(deps.curation), textVectors: textVectorCache() };
  const assertDataset = datasetGuard((dataset) => deps.store.images.count(dataset));
  return {
    async preload(datasets) {
      await Promise.all(datasets.map((dataset) => ctx.results.preload(dataset)));
    },
    async health() {
      const model = await deps.store.model();
      return { status: 'ok', version: deps.version, model: model?.id ?? null };
    },
    async datasets() {
      const names = await deps.store.images.datasets();
      return Promise.all(names.map(async (name) => ({ name, images: await deps.store.images.count(name) })));
    },
    async summary(dataset) {
      const { blur, dark, bright } = deps.thresholds;
      const stats = await deps.store.images.stats(dataset, { blur, dark, bright });
      if (stats.images === 0) return undefined;
      const [model, results, last] = await Promise.all([
        deps.store.model(),
        ctx.results(dataset),
        deps.curation.latestRun(dataset),
      ]);
      return {
        name: dataset,
        model: model?.id ?? null,
        images: stats.images,
        objects: stats.objects,
        failures: stats.failures,
        labels: stats.labels,
        unlabeled: stats.unlabeled,
        balance: classBalance(stats.labels),
        quality: stats.quality,
        thresholds: stats.thresholds,
        issues: {
          ...(results.full?.counts ?? {}),
          blur: stats.quality.blur,
          dark: stats.quality.dark,
          bright: stats.quality.bright,
        },
        lastRun: last ? runOf(last) : null,
      };
    },
    listImages: known(async (dataset, request) =>
      listImages(ctx, dataset, await resolveObjects(ctx, dataset, request)),
    ),
    image: known((dataset, id, options) => imageDetail(ctx, dataset, id, options.threshold)),
    imageFile: known((dataset, id, variant) => imageFile(ctx, dataset, id, variant)),
    searchText: known(async (dataset, request) =>
      searchText(ctx, dataset, await resolveObjects(ctx, dataset, request)),
    ),
    searchSimilar: known(async (dataset, request) =>
      searchSimilar(ctx, dataset, await resolveObjects(ctx, dataset, request)),
    ),
    clusters: known((dataset, query) => clusters(ctx, dataset, query)),
    map: known((dataset, query) => mapPage(ctx, dataset, query)),
    distributions: known((dataset, query) => scoreDistributions(ctx, dataset, query)),
    objects: known((dataset, query) => objects(ctx, dataset, query)),
    runs: known(async (dataset, limit) => (await deps.curation.runs(dataset, limit)).map(runOf)),
    latestReport: known((dataset, format) => latestReport(ctx, dataset, format)),
    labelHealth: known((dataset) => labelHealthOf(ctx, dataset)),
    leaks: known((dataset, query) =>
      findLeaks({ store: deps.store, curation: deps.curation }, dataset, query),
    ),
    exportView: known(async (dataset, request) =>
      exportView(ctx, dataset, await resolveObjects(ctx, dataset, request)),
    ),
    views: known((dataset) => withViews(ctx, (v) => v.list(dataset))),
    view: known((dataset, name) => withViews(ctx, (v) => v.get(dataset, name))),
    createView: known((dataset, body, owner) =>
      withViews(ctx, (v) =>
        v.create(dataset, {
          ...body,
          owner: { keyId: owner.keyId, datasets: owner.datasets && [...owner.datasets] },
        }),
      ),
    ),
    deleteView: known((dataset, name, by) => deleteView(ctx, dataset, name, by)),
    viewAlerts: known((dataset, name) =>
      withViews(ctx, async (v) => ((await v.get(dataset, name)) ? v.alerts(dataset, name) : undefined)),
    ),
    snapshots: known((dataset) => withSnapshots(ctx, (s) => s.list(dataset))),
    createSnapshot: known((dataset, name) => withSnapshots(ctx, (s) => s.create(dataset, name))),
    snapshotDiff: known((dataset, from, query) => snapshotDiff(ctx, dataset, from, query)),
    restoreSnapshot: known((dataset, name) => withSnapshots(ctx, (s) => s.restore(dataset, name))),
    trainingExport: known((dataset, request) => trainingExport(ctx, dataset, request)),
  };

  /** Every dataset route answers 404 for a dataset that holds no image, before any other work. */
  function known<A extends unknown[], R>(
    answer: (dataset: string, ...rest: A) => Promise<R>,
  ): (dataset: string, ...rest: A) => Promise<R> {
    return async (dataset, ...rest) => {
      await assertDataset(dataset);
      return answer(dataset, ...rest);
    };
  }
}

import type { QueryPort } from '../ports.ts';
import type { PortContext } from './context.ts';
import { runOf } from './convert.ts';
import { clusters, latestReport, objects } from './curation.ts';
import type { NodeQueryDeps } from './deps.ts';
import { exportView } from './export.ts';
import { imageDetail, imageFile, listImages } from './images.ts';
import { labelHealthOf } from './labels.ts';
import { resultsCache } from './results.ts';
import { searchSimilar, searchText } from './search.ts';

export interface NodeQueryPort extends QueryPort {
  /** Loads the latest run's curation rows of these datasets, so the first requests need not wait for them. */
  preload(datasets: readonly string[]): Promise<void>;
}

/** The query port over LanceDB, the bucket and the embedder: what Node and the query Lambda answer with. */
export function createNodeQueryPort(deps: NodeQueryDeps): NodeQueryPort {
  const ctx: PortContext = { ...deps, results: resultsCache(deps.curation) };
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
    listImages: (dataset, request) => listImages(ctx, dataset, request),
    image: (dataset, id, options) => imageDetail(ctx, dataset, id, options.threshold),
    imageFile: (dataset, id, variant) => imageFile(ctx, dataset, id, variant),
    searchText: (dataset, request) => searchText(ctx, dataset, request),
    searchSimilar: (dataset, request) => searchSimilar(ctx, dataset, request),
    clusters: (dataset, query) => clusters(ctx, dataset, query),
    objects: (dataset, query) => objects(ctx, dataset, query),
    runs: async (dataset, limit) => (await deps.curation.runs(dataset, limit)).map(runOf),
    latestReport: (dataset, format) => latestReport(ctx, dataset, format),
    labelHealth: (dataset) => labelHealthOf(ctx, dataset),
    exportView: (dataset, request) => exportView(ctx, dataset, request),
  };
}

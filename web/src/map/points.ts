import type { MapPage } from '../../../shared/api/schemas/map.ts';
import type { Client } from '../api.ts';

/** Above this many points the page draws the first ranks, a uniform sample (mapRank), and says so. */
export const MAX_POINTS = 100_000;
const PAGE = 50_000;

export type DuplicateRole = 0 | 1 | 2;
export const DUPLICATE_ROLES = ['none', 'keeper', 'drop'] as const;

/** The map as typed arrays: drawing 100k points walks these, not 100k objects. */
export interface MapPoints {
  runId: string | null;
  total: number;
  count: number;
  labels: string[];
  id: string[];
  key: string[];
  x: Float32Array;
  y: Float32Array;
  label: Int32Array;
  duplicate: Uint8Array;
  duplicateCluster: (string | null)[];
  mislabel: Float32Array;
  outlier: Float32Array;
  uniqueness: Float32Array;
  /** [level][point], level 0 coarse .. 4 fine. */
  clusters: Int32Array[];
}

export async function loadMap(client: Client, dataset: string, max = MAX_POINTS): Promise<MapPoints> {
  const pages: MapPage[] = [];
  let from: number | null = 0;
  let loaded = 0;
  while (from !== null && loaded < max) {
    const limit = Math.min(PAGE, max - loaded);
    const page: MapPage = await client.get('/v1/datasets/{dataset}/map', {
      params: { dataset },
      query: { from, limit },
    });
    pages.push(page);
    loaded += page.points.id.length;
    from = page.nextFrom;
  }
  return joinPages(pages);
}

/** Pages share one label list only if the run did not change between requests; labels are re-indexed anyway. */
export function joinPages(pages: MapPage[]): MapPoints {
  const count = pages.reduce((sum, page) => sum + page.points.id.length, 0);
  const labels: string[] = [];
  const labelIndex = new Map<string, number>();
  const levels = pages[0]?.points.clusters.length ?? 0;
  const out: MapPoints = {
    runId: pages[0]?.runId ?? null,
    total: pages[0]?.total ?? 0,
    count,
    labels,
    id: [],
    key: [],
    x: new Float32Array(count),
    y: new Float32Array(count),
    label: new Int32Array(count),
    duplicate: new Uint8Array(count),
    duplicateCluster: [],
    mislabel: new Float32Array(count),
    outlier: new Float32Array(count),
    uniqueness: new Float32Array(count),
    clusters: Array.from({ length: levels }, () => new Int32Array(count)),
  };
  let at = 0;
  for (const { labels: names, points } of pages) {
    const remap = names.map((name) => {
      let index = labelIndex.get(name);
      if (index === undefined) {
        index = labels.push(name) - 1;
        labelIndex.set(name, index);
      }
      return index;
    });
    for (let i = 0; i < points.id.length; i++, at++) {
      out.id.push(points.id[i]);
      out.key.push(points.key[i]);
      out.x[at] = points.x[i];
      out.y[at] = points.y[i];
      out.label[at] = points.label[i] < 0 ? -1 : remap[points.label[i]];
      out.duplicate[at] = DUPLICATE_ROLES.indexOf(points.duplicate[i]);
      out.duplicateCluster.push(points.duplicateCluster[i]);
      out.mislabel[at] = points.mislabel[i];
      out.outlier[at] = points.outlier[i];
      out.uniqueness[at] = points.uniqueness[i];
      for (let level = 0; level < levels; level++) out.clusters[level][at] = points.clusters[level][i];
    }
  }
  return out;
}

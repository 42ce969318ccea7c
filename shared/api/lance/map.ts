import type { MapPoint } from '../../store/index.ts';
import type { MapPage, MapQuery } from '../schemas/map.ts';
import type { PortContext } from './context.ts';

const VISUAL_LEVELS = 5;
const round = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places;

/** One page of the latest full run's map; rank order, so a prefix of pages is a uniform sample. */
export async function mapPage(ctx: PortContext, dataset: string, query: MapQuery): Promise<MapPage> {
  const results = await ctx.results(dataset);
  const run = results.full;
  const empty = columns([], new Map());
  if (!run) return { runId: null, total: 0, from: query.from, nextFrom: null, labels: [], points: empty };
  const total = run.counts.images ?? 0;
  const points = await ctx.curation.mapPoints(run.runId, { from: query.from, to: query.from + query.limit });
  const labels = new Map<string, number>();
  const to = query.from + query.limit;
  return {
    runId: run.runId,
    // Runs written before the map existed have no positions: an empty map, not a wrong one.
    total: points.length === 0 && query.from === 0 ? 0 : total,
    from: query.from,
    nextFrom: to < total && points.length > 0 ? to : null,
    points: columns(points, labels),
    labels: [...labels.keys()],
  };
}

function columns(points: MapPoint[], labels: Map<string, number>): MapPage['points'] {
  const index = (label: string | null) => {
    if (label === null) return -1;
    if (!labels.has(label)) labels.set(label, labels.size);
    return labels.get(label) as number;
  };
  return {
    id: points.map((p) => p.id),
    key: points.map((p) => p.key),
    x: points.map((p) => round(p.mapX, 5)),
    y: points.map((p) => round(p.mapY, 5)),
    label: points.map((p) => index(p.label)),
    suggestedLabel: points.map((p) => index(p.suggestedLabel)),
    duplicate: points.map((p) =>
      p.duplicateCluster === null ? 'none' : p.representative ? 'keeper' : 'drop',
    ),
    duplicateCluster: points.map((p) => p.duplicateCluster),
    uniqueness: points.map((p) => round(p.uniqueness, 3)),
    mislabel: points.map((p) => round(p.mislabelConfidence, 3)),
    outlier: points.map((p) => round(Math.max(p.outlierConfidence, p.datasetOutlierConfidence), 3)),
    clusters: Array.from({ length: VISUAL_LEVELS }, (_, level) =>
      points.map((p) => p.visualClusters[level] ?? -1),
    ),
  };
}

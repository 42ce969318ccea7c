/**
 * Synthetic map pages in the route's own schema (MapPage, validated here): what `GET /v1/datasets/{d}/map`
 * answers for a run of `total` images, with points in clustered 2-D blobs like a UMAP layout, ten labels, 2%
 * duplicates and five levels of visual clusters. Seeded: every run draws the same map.
 */
import { type MapPage, mapPageSchema } from '../../shared/api/schemas/map.ts';
import { gaussian, seededRandom } from '../curate/synthetic.ts';

const LABELS = ['cat', 'dog', 'car', 'tree', 'house', 'boat', 'bird', 'flower', 'road', 'person'];
const round = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places;

/** The pages a page of the explorer would request (`from`, `limit`) for a run of `total` points, as JSON text. */
export function mapPayload(total: number, limit: number): Map<number, string> {
  const random = seededRandom(7);
  const normal = gaussian(random);
  const blobs = Math.max(8, Math.round(Math.sqrt(total) / 4));
  const centres = Array.from({ length: blobs }, () => [0.08 + 0.84 * random(), 0.08 + 0.84 * random()]);
  const spreads = Array.from({ length: blobs }, () => 0.01 + 0.04 * random());
  const pages = new Map<number, string>();
  // The page draws at most its first 100k ranks; pages past them are never asked for.
  const served = Math.min(total, 100_000);
  for (let from = 0; from < served; from += limit) {
    const count = Math.min(limit, total - from);
    const page: MapPage = {
      runId: `bench-${total}`,
      total,
      from,
      nextFrom: from + limit < total ? from + limit : null,
      labels: LABELS,
      points: {
        id: [],
        key: [],
        x: [],
        y: [],
        label: [],
        suggestedLabel: [],
        duplicate: [],
        duplicateCluster: [],
        uniqueness: [],
        mislabel: [],
        outlier: [],
        clusters: [[], [], [], [], []],
      },
    };
    const p = page.points;
    for (let i = 0; i < count; i++) {
      const rank = from + i;
      const blob = Math.floor(blobs * random() ** 1.3);
      const [cx, cy] = centres[blob];
      p.id.push(`img${String(rank).padStart(8, '0')}`);
      p.key.push(`photos/${LABELS[blob % LABELS.length]}/img-${rank}.jpg`);
      p.x.push(round(Math.min(1, Math.max(0, cx + normal() * spreads[blob])), 5));
      p.y.push(round(Math.min(1, Math.max(0, cy + normal() * spreads[blob])), 5));
      const mislabelled = random() < 0.03;
      p.label.push(mislabelled ? Math.floor(random() * LABELS.length) : blob % LABELS.length);
      p.suggestedLabel.push(mislabelled ? blob % LABELS.length : -1);
      const duplicate = random() < 0.02;
      p.duplicate.push(duplicate ? (rank % 2 === 0 ? 'keeper' : 'drop') : 'none');
      p.duplicateCluster.push(duplicate ? `cluster-${rank >> 1}` : null);
      p.uniqueness.push(round(random(), 3));
      p.mislabel.push(round(mislabelled ? 0.5 + random() / 2 : random() / 3, 3));
      p.outlier.push(round(random() ** 4, 3));
      for (let level = 0; level < 5; level++) p.clusters[level].push(Math.floor(blob / 2 ** (4 - level)));
    }
    pages.set(from, JSON.stringify(mapPageSchema.parse(page)));
  }
  return pages;
}

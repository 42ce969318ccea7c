import { dot } from '../../linalg/vectors.ts';
import { samePixels } from '../../media/pixel-hash.ts';
import type { ImageRow, Store } from '../../store/index.ts';
import { where } from '../../store/index.ts';
import type { Neighbourhood } from './local-vote.ts';

/** Each new image's top-k stored neighbours and its exact copies (same bytes or pixels), as one union of rows. */
export async function gatherNeighbourhood(
  store: Store,
  dataset: string,
  fresh: ImageRow[],
  k: number,
): Promise<Neighbourhood> {
  const hood: Neighbourhood = {
    fresh: fresh.length,
    ids: fresh.map((image) => image.id),
    keys: fresh.map((image) => image.key),
    labels: fresh.map((image) => image.label),
    vectors: fresh.map((image) => image.vector),
    clusters: fresh.map(() => null),
    neighbours: [],
    exact: [],
    sha256: new Map(),
  };
  const index = new Map(hood.ids.map((id, i) => [id, i]));
  const indexOf = (image: ImageRow) => {
    let at = index.get(image.id);
    if (at === undefined) {
      at = hood.ids.length;
      index.set(image.id, at);
      hood.ids.push(image.id);
      hood.keys.push(image.key);
      hood.labels.push(image.label);
      hood.vectors.push(image.vector);
      hood.clusters.push(null);
    }
    return at;
  };
  for (const image of fresh) {
    const same = where.or(
      where.eq('sha256', image.sha256),
      // Only the exact pixel digest proves the same pixels; an old coarse fingerprint is not asked for.
      samePixels(image.pixelHash, image.pixelHash) ? where.eq('pixelHash', image.pixelHash) : undefined,
    );
    // Both hashes are indexed, so this reads the copies only; the image itself is dropped here, not in the filter.
    const copies = (await store.images.list(dataset, { where: same, limit: 101 }))
      .filter((copy) => copy.id !== image.id)
      .slice(0, 100);
    const hits = await store.images.vectorSearch(dataset, image.vector, { limit: k, exclude: [image.id] });
    const found = new Map<number, number>();
    for (const hit of hits) found.set(indexOf(hit.row), hit.score);
    for (const copy of copies)
      found.set(indexOf(copy), Math.max(found.get(indexOf(copy)) ?? -1, dot(image.vector, copy.vector)));
    hood.neighbours.push(
      [...found.entries()]
        .map(([at, similarity]) => ({ index: at, similarity }))
        .sort((a, b) => b.similarity - a.similarity || a.index - b.index),
    );
    hood.exact.push(new Set(copies.map((copy) => copy.id)));
    for (const copy of copies) hood.sha256?.set(copy.id, copy.sha256);
  }
  return hood;
}

/**
 * Arriving images for the arrival bench: half are planted copies of stored images (a fifth exact, byte for byte;
 * the rest near, at cosine 0.97-0.995, as a re-encode or light edit moves an embedding), half new pictures from
 * the same distribution that the store has never seen. In batches of 5 or more, every fifth copy copies the same
 * stored image as the copy before it, so two copies of one picture arrive together.
 */
import type { ImageRow, Store } from '../../shared/store/index.ts';
import { gaussian, normalizeRow } from '../curate/synthetic.ts';
import { benchRow, DATASET, DIMENSION, storedId } from './dataset.ts';

export interface Arrival {
  row: ImageRow;
  /** The stored image it copies; null for a new picture. */
  copyOf: string | null;
  kind: 'exact' | 'near' | 'new';
}

export interface ArrivalSource {
  store: Store;
  n: number;
  pool: Float32Array;
  random: () => number;
  /** Next unused pool vector (a kept store holds the arrivals of earlier runs: they are not new any more). */
  next: number;
}

export async function makeArrivals(source: ArrivalSource, count: number, tag: string): Promise<Arrival[]> {
  const normal = gaussian(source.random);
  const out: Arrival[] = [];
  let previous = -1;
  for (let j = 0; j < count; j++) {
    const key = `arrivals/${tag}/${j}.jpg`;
    const base = blankRow(key);
    if (j % 2 === 1) {
      const at = source.next++;
      if (at >= source.pool.length / DIMENSION)
        throw new Error('the pool of new pictures is used up: build again');
      base.vector = source.pool.slice(at * DIMENSION, (at + 1) * DIMENSION);
      out.push({ row: base, copyOf: null, kind: 'new' });
      continue;
    }
    const copies = out.filter((arrival) => arrival.copyOf !== null).length;
    const of = copies % 5 === 4 && previous >= 0 ? previous : Math.floor(source.random() * source.n);
    previous = of;
    const original = await source.store.images.get(DATASET, storedId(of));
    if (!original) throw new Error(`stored image ${of} is missing`);
    const exact = source.random() < 0.2;
    const vector = original.vector.slice();
    if (exact) {
      base.sha256 = original.sha256;
      base.pixelHash = original.pixelHash;
    } else {
      const target = 0.97 + source.random() * 0.025;
      const eps = Math.sqrt(1 / (target * target) - 1) / Math.sqrt(DIMENSION);
      for (let d = 0; d < DIMENSION; d++) vector[d] += normal() * eps;
      normalizeRow(vector, 0, DIMENSION);
    }
    base.vector = vector;
    base.label = original.label;
    out.push({ row: base, copyOf: original.id, kind: exact ? 'exact' : 'near' });
  }
  return out;
}

function blankRow(key: string): ImageRow {
  return benchRow(key, {
    sha256: `sha-${key}`,
    pixelHash: `px1:${key}`,
    size: 90_000,
    label: 'c0',
    vector: new Float32Array(DIMENSION),
    ingestedAt: Date.now(),
  });
}

/** Exhaustive nearest-neighbour lookups of every transformed copy in the gallery, by cosine (dot product). */
import type { Embedder } from '../../shared/embed/types.ts';
import { dot } from '../../shared/linalg/vectors.ts';
import type { Raster } from '../../shared/media/types.ts';
import type { Dataset, Group } from './dataset.ts';

/** One transformed copy looked up in the gallery. */
export interface Lookup {
  transform: string;
  group: Group;
  hit: boolean;
  /** Cosine to its own original. */
  dup: number;
  /** Highest cosine to anything else in the gallery: the nearest impostor. */
  impostor: number;
  miss?: string;
}

export interface Evaluation {
  lookups: Lookup[];
  /** Cosines of unrelated pairs: originals of different photos, and originals against Fashion-MNIST. */
  unrelated: number[];
}

export async function embedAll(embedder: Embedder, rasters: Raster[]): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  for (let i = 0; i < rasters.length; i += 32)
    out.push(...(await embedder.embedImages(rasters.slice(i, i + 32))));
  return out;
}

const photoOf = (name: string) => name.split(/[#|]/)[0];

export async function evaluate(embedder: Embedder, data: Dataset): Promise<Evaluation> {
  const names = [...data.originals.map((o) => o.source.name), ...data.distractors.map((d) => d.name)];
  const gallery = await embedAll(embedder, [
    ...data.originals.map((o) => o.raster),
    ...data.distractors.map((d) => d.raster),
  ]);
  const lookups: Lookup[] = [];
  for (const [transform, rasters] of Object.entries(data.queries)) {
    const vectors = await embedAll(embedder, rasters);
    vectors.forEach((q, i) => {
      let best = -2;
      let bestAt = -1;
      let impostor = -2;
      for (let g = 0; g < gallery.length; g++) {
        const s = dot(q, gallery[g]);
        if (s > best) [best, bestAt] = [s, g];
        if (g !== i && s > impostor) impostor = s;
      }
      const dup = dot(q, gallery[i]);
      const hit = bestAt === i;
      const miss = hit
        ? undefined
        : `${names[i]} -> ${names[bestAt]} (${best.toFixed(3)} vs ${dup.toFixed(3)})`;
      lookups.push({ transform, group: data.originals[i].source.group, hit, dup, impostor, miss });
    });
  }
  const unrelated: number[] = [];
  for (let i = 0; i < data.originals.length; i++) {
    for (let g = i + 1; g < gallery.length; g++) {
      if (photoOf(names[i]) !== photoOf(names[g])) unrelated.push(dot(gallery[i], gallery[g]));
    }
  }
  return { lookups, unrelated };
}

export function percentile(values: number[], q: number): number {
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))];
}

export const share = <T>(xs: T[], ok: (x: T) => boolean) =>
  xs.length === 0 ? 0 : xs.filter(ok).length / xs.length;

/** Top-1 rate of each transform over one group of originals. */
export function top1(lookups: Lookup[], transform: string, group: Group): number {
  return share(
    lookups.filter((l) => l.transform === transform && l.group === group),
    (l) => l.hit,
  );
}

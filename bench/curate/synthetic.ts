/**
 * Synthetic embeddings for the curation benchmarks and tests: a clustered mixture in `dimension`-d with a
 * low intrinsic dimension (like real image embeddings), plus planted exact and near duplicates.
 * Seeded, so every run sees the same data.
 */
import { seededRandom } from '../../shared/curate/knn/index.ts';

export { seededRandom };

export interface SyntheticOptions {
  n: number;
  dimension?: number;
  /** Mixture components; default n / 500 (at least 4). */
  clusters?: number;
  /** Dimension of each component's subspace: the data's intrinsic dimension. */
  rank?: number;
  /** Fraction of the n rows that are planted copies of other rows. */
  duplicateFraction?: number;
  seed?: number;
}

export interface PlantedCopy {
  copy: number;
  of: number;
  kind: 'exact' | 'pixels' | 'near';
}

export interface SyntheticSet {
  n: number;
  dimension: number;
  /** n x dimension, row-major, L2-normalised. */
  vectors: Float32Array;
  /** Mixture component of every row. */
  component: Int32Array;
  /** sha256 stand-ins: equal only for 'exact' copies. */
  sha256: string[];
  /** Pixel-hash stand-ins: equal for 'exact' and 'pixels' copies. */
  pixelHash: string[];
  planted: PlantedCopy[];
}

export function gaussian(random: () => number): () => number {
  let spare = Number.NaN;
  return () => {
    if (!Number.isNaN(spare)) {
      const s = spare;
      spare = Number.NaN;
      return s;
    }
    const u = 1 - random();
    const v = random();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
}

export function normalizeRow(data: Float32Array, offset: number, dimension: number): void {
  let s = 0;
  for (let d = 0; d < dimension; d++) s += data[offset + d] * data[offset + d];
  const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
  for (let d = 0; d < dimension; d++) data[offset + d] *= inv;
}

/** Relative sizes of the signal parts; tuned so ordinary nearest neighbours sit near cosine 0.9. */
const SUBSPACE_SCALE = 0.9;
const NOISE_SCALE = 0.25;

export function syntheticSet(options: SyntheticOptions): SyntheticSet {
  const { n, dimension = 512, rank = 12, duplicateFraction = 0.02, seed = 1 } = options;
  const clusters = options.clusters ?? Math.max(4, Math.round(n / 500));
  const random = seededRandom(seed);
  const normal = gaussian(random);
  const centres = new Float32Array(clusters * dimension);
  for (let i = 0; i < centres.length; i++) centres[i] = normal();
  for (let c = 0; c < clusters; c++) normalizeRow(centres, c * dimension, dimension);
  const bases = new Float32Array(clusters * rank * dimension);
  const basisScale = SUBSPACE_SCALE / Math.sqrt(rank * dimension);
  for (let i = 0; i < bases.length; i++) bases[i] = normal() * basisScale;

  const vectors = new Float32Array(n * dimension);
  const component = new Int32Array(n);
  const copies = Math.floor(n * duplicateFraction);
  const originals = n - copies;
  const noiseScale = NOISE_SCALE / Math.sqrt(dimension);
  const z = new Float32Array(rank);
  for (let i = 0; i < originals; i++) {
    // Skewed component sizes: real datasets are never balanced.
    const c = Math.floor(clusters * random() ** 1.5);
    component[i] = c;
    for (let r = 0; r < rank; r++) z[r] = normal();
    const row = i * dimension;
    const centre = c * dimension;
    for (let d = 0; d < dimension; d++) vectors[row + d] = centres[centre + d] + normal() * noiseScale;
    for (let r = 0; r < rank; r++) {
      const basis = (c * rank + r) * dimension;
      const zr = z[r];
      for (let d = 0; d < dimension; d++) vectors[row + d] += bases[basis + d] * zr;
    }
    normalizeRow(vectors, row, dimension);
  }

  const sha256: string[] = new Array(n);
  const pixelHash: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    sha256[i] = `sha-${i}`;
    pixelHash[i] = `px1:${i}`;
  }
  const planted: PlantedCopy[] = [];
  for (let i = originals; i < n; i++) {
    const of = Math.floor(random() * originals);
    const roll = random();
    const kind: PlantedCopy['kind'] = roll < 0.2 ? 'exact' : roll < 0.35 ? 'pixels' : 'near';
    planted.push({ copy: i, of, kind });
    component[i] = component[of];
    const row = i * dimension;
    vectors.set(vectors.subarray(of * dimension, (of + 1) * dimension), row);
    if (kind === 'exact') sha256[i] = sha256[of];
    if (kind !== 'near') pixelHash[i] = pixelHash[of];
    if (kind === 'exact') continue;
    // A re-encode moves the embedding a little; an edit (crop, blur, recolour) moves it more.
    const target = kind === 'pixels' ? 0.999 : 0.97 + random() * 0.028;
    const eps = Math.sqrt(1 / (target * target) - 1) / Math.sqrt(dimension);
    for (let d = 0; d < dimension; d++) vectors[row + d] += normal() * eps;
    normalizeRow(vectors, row, dimension);
  }
  return { n, dimension, vectors, component, sha256, pixelHash, planted };
}

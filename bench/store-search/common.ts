import type { Table } from '@lancedb/lancedb';
import { type ImageRow, imageId } from '../../shared/store/index.ts';
import { WORDS } from '../api/data.ts';

export const K = 10;

export interface Line {
  n: number;
  what: string;
  buildS?: number;
  p50?: number;
  p95?: number;
  recall?: number;
  note?: string;
}

export function rowsOf(
  vectors: Float32Array,
  dimension: number,
  offset: number,
  count: number,
  random: () => number,
  prefix = '',
): ImageRow[] {
  const rows: ImageRow[] = [];
  for (let i = offset; i < offset + count; i++) {
    const key = `${prefix}folder${i % 97}/img_${i}.jpg`;
    const word = WORDS[Math.floor(random() * WORDS.length)];
    rows.push({
      id: imageId('bench', key),
      dataset: 'bench',
      key,
      sha256: `sha-${i}`,
      pixelHash: `px-${i}`,
      size: 100_000,
      width: 1024,
      height: 768,
      format: 'jpeg',
      label: word,
      caption: `a ${word} near the ${WORDS[(i * 7) % WORDS.length]} number ${i}`,
      tags: [WORDS[(i * 3) % WORDS.length]],
      thumbnailKey: `thumbnails/bench/${i}.webp`,
      vector: vectors.slice(i * dimension, (i + 1) * dimension),
      model: 'bench-model',
      ingestedAt: Date.now(),
      blur: random(),
      dark: random(),
      bright: random(),
      lowInformation: random(),
      oddSize: 0,
      oddAspectRatio: 0,
      grayscale: 0,
    });
  }
  return rows;
}

export async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const value = await fn();
  return [value, performance.now() - start];
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

export async function latencies<T>(
  queries: T[],
  run: (query: T) => Promise<unknown>,
): Promise<{ p50: number; p95: number }> {
  await run(queries[0]); // warm caches once, as a running server would be
  const times: number[] = [];
  for (const query of queries) times.push((await timed(() => run(query)))[1]);
  return { p50: percentile(times, 0.5), p95: percentile(times, 0.95) };
}

/** Stored vectors nudged a little, as a re-encoded copy of a stored image would be. */
export function nearQueries(
  vectors: Float32Array,
  dimension: number,
  n: number,
  count: number,
  random: () => number,
): Float32Array[] {
  return Array.from({ length: count }, () => {
    const i = Math.floor(random() * n);
    const v = vectors.slice(i * dimension, (i + 1) * dimension);
    for (let d = 0; d < dimension; d++) v[d] += (random() - 0.5) * 0.02;
    return v;
  });
}

/** The exact top K (index bypassed): the truth every indexed answer is measured against. */
export async function exactIds(
  table: Table,
  query: Float32Array,
  filter = "dataset = 'bench'",
): Promise<string[]> {
  const rows = await table
    .vectorSearch(query)
    .distanceType('cosine')
    .where(filter)
    .select(['id', '_distance'])
    .limit(K)
    .bypassVectorIndex()
    .toArray();
  return rows.map((row) => row.id as string);
}

export function recall(truth: string[][], got: string[][]): number {
  let hit = 0;
  for (let i = 0; i < truth.length; i++) hit += got[i].filter((id) => truth[i].includes(id)).length;
  return hit / (truth.length * K);
}

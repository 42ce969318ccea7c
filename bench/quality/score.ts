/**
 * Runs every item of the set through the ingest decode and our measurements (timed), and through the peers
 * (cached: they never change).
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeImage, measureQuality, type QualityMeasures } from '../../shared/media/index.ts';
import type { Item } from './dataset.ts';
import { SET_DIR } from './dataset.ts';
import { type PeerScores, peerScores } from './peers.ts';

export interface Scored {
  item: Item;
  measures: QualityMeasures;
  peers: PeerScores;
}

export interface Timing {
  /** CPU milliseconds per image, summed over the set and divided by its size. */
  decodeMs: number;
  measureMs: number;
}

const LIMITS = { maxBytes: 100 * 1024 * 1024, maxPixels: 100_000_000 };

function cpuMs(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

export async function scoreSet(items: Item[]): Promise<{ scored: Scored[]; timing: Timing }> {
  const cacheFile = join(SET_DIR, 'peers.cache');
  const cache: Record<string, PeerScores> = existsSync(cacheFile)
    ? JSON.parse(await readFile(cacheFile, 'utf8'))
    : {};
  let decodeMs = 0;
  let measureMs = 0;
  const scored: Scored[] = [];
  for (const item of items) {
    const bytes = await readFile(item.file);
    let start = process.cpuUsage();
    const { raster, meta } = await decodeImage(bytes, LIMITS);
    decodeMs += cpuMs(start);
    start = process.cpuUsage();
    const measures = measureQuality(raster, meta);
    measureMs += cpuMs(start);
    const key = item.file.slice(SET_DIR.length);
    cache[key] ??= await peerScores(item.file);
    scored.push({ item, measures, peers: cache[key] });
  }
  await writeFile(cacheFile, JSON.stringify(cache));
  return { scored, timing: { decodeMs: decodeMs / items.length, measureMs: measureMs / items.length } };
}

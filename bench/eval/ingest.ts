import type { DuplicateImage } from '../../shared/curate/duplicates/index.ts';
import { buildKnnGraph, readAll } from '../../shared/curate/knn/index.ts';
import type { KnnGraph } from '../../shared/curate/labels/index.ts';
import type { Embedder } from '../../shared/embed/types.ts';
import { analyzeQuality, decodeImage } from '../../shared/media/index.ts';
import type { QualityScores, Raster } from '../../shared/media/types.ts';
import { sourceOfRows } from './rows.ts';

const LIMITS = { maxBytes: 100 * 1024 * 1024, maxPixels: 100_000_000 };

export interface Ingested {
  rasters: Raster[];
  images: DuplicateImage[];
  quality: QualityScores[];
}

/** Decodes files the way ingest does (hashes, pixel hash, working raster, quality scores). */
export async function ingest(files: readonly Buffer[]): Promise<Ingested> {
  const out: Ingested = { rasters: [], images: [], quality: [] };
  for (const [i, bytes] of files.entries()) {
    const { meta, raster } = await decodeImage(bytes, LIMITS);
    const quality = analyzeQuality(raster, meta);
    out.rasters.push(raster);
    out.quality.push(quality);
    out.images.push({
      id: `${i}`,
      key: `${String(i).padStart(6, '0')}.${meta.format}`,
      sha256: meta.sha256,
      pixelHash: meta.pixelHash,
      width: meta.width,
      height: meta.height,
      quality: Math.max(quality.blur, quality.dark, quality.bright, quality.lowInformation),
      ingestedAt: i,
    });
  }
  return out;
}

export async function embedAll(embedder: Embedder, rasters: readonly Raster[]): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  for (let i = 0; i < rasters.length; i += 64)
    out.push(...(await embedder.embedImages(rasters.slice(i, i + 64))));
  return out;
}

/** The production kNN graph (shared/curate/knn: exact up to 20k rows, HNSW above). */
export async function graphOf(vectors: readonly Float32Array[], k: number): Promise<KnnGraph> {
  return (await buildKnnGraph(sourceOfRows(vectors), { k })).graph;
}

export async function matrixOf(vectors: readonly Float32Array[]) {
  return readAll(sourceOfRows(vectors));
}

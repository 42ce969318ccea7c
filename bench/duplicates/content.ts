/**
 * The content vectors ingest stores for framed pictures (shared/media/frame.ts), made as ingest makes them: the
 * working raster's frame found, the content cropped and described. Cached beside the features
 * (bench/.tmp/duplicates/content-<version>/), since features.ts's cache predates them.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDescriptorEmbedder, DESCRIPTOR_MODEL_ID } from '../../shared/embed/index.ts';
import { contentBox, cropRaster, decodeImage } from '../../shared/media/index.ts';
import { decodeContentVector, encodeContentVector } from '../../shared/store/index.ts';
import type { BenchItem } from './dataset.ts';

const LIMITS = { maxBytes: 1 << 28, maxPixels: 1e8 };
const embedder = createDescriptorEmbedder();
const VERSION = createHash('sha256')
  .update(DESCRIPTOR_MODEL_ID)
  .update(readFileSync(join(import.meta.dirname, 'transforms.ts')))
  .update(readFileSync(join(import.meta.dirname, '..', '..', 'shared', 'media', 'frame.ts')))
  .digest('hex')
  .slice(0, 12);
const CACHE = join(import.meta.dirname, '..', '.tmp', 'duplicates', `content-${VERSION}`);

/** Framed items' rows and content vectors, row after row, as the duplicate pass takes them. */
export async function contentVectors(
  items: BenchItem[],
  dimension: number,
): Promise<{ rows: Int32Array; vectors: Float32Array }> {
  mkdirSync(CACHE, { recursive: true });
  const rows: number[] = [];
  const found: Float32Array[] = [];
  for (const [i, item] of items.entries()) {
    const path = join(CACHE, `${createHash('sha256').update(item.key).digest('hex').slice(0, 24)}.txt`);
    let text: string;
    if (existsSync(path)) text = readFileSync(path, 'utf8');
    else {
      const decoded = await decodeImage(await item.bytes(), LIMITS);
      const box = contentBox(decoded.raster);
      text = box
        ? encodeContentVector((await embedder.embedImages([cropRaster(decoded.raster, box)]))[0])
        : '';
      writeFileSync(path, text);
    }
    const vector = decodeContentVector(text, dimension);
    if (!vector) continue;
    rows.push(i);
    found.push(vector);
  }
  const vectors = new Float32Array(found.length * dimension);
  found.forEach((v, i) => {
    vectors.set(v, i * dimension);
  });
  return { rows: Int32Array.from(rows), vectors };
}

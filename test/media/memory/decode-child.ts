/**
 * Runs in its own process (so its peak RSS is its own): decodes each file as ingest does (decode, quality,
 * thumbnail, descriptor) and prints one JSON line per file with the outcome and how far the process's peak RSS
 * stands above the RSS just before that file. The peak only grows, so a later file can be blamed for an
 * earlier one's peak, never cleared of its own: the bound holds for each file or the test fails.
 *   node bin/run-ts.mjs test/media/memory/decode-child.ts <maxPixels> <file>...
 */
import { readFile } from 'node:fs/promises';
import { createDescriptorEmbedder } from '../../../shared/embed/index.ts';
import { analyzeQuality, decodeImage, isMediaError, makeThumbnail } from '../../../shared/media/index.ts';

const [maxPixels, ...files] = process.argv.slice(2);
const limits = { maxBytes: 64 * 1024 * 1024, maxPixels: Number(maxPixels) };
const embedder = createDescriptorEmbedder();

async function ingestLike(input: Uint8Array) {
  const decoded = await decodeImage(input, limits);
  analyzeQuality(decoded.raster, decoded.meta);
  await makeThumbnail(decoded.raster, 256);
  await embedder.embedImages([decoded.raster]);
  return decoded.raster;
}

// Warm every code path on a small picture first, so what follows measures the file, not module loading.
const { default: sharp } = await import('sharp');
await ingestLike(
  await sharp({ create: { width: 64, height: 48, channels: 3, background: '#808080' } })
    .png()
    .toBuffer(),
);
for (const file of files) {
  const bytes = await readFile(file);
  const before = process.memoryUsage().rss;
  let answer: Record<string, unknown>;
  try {
    const raster = await ingestLike(bytes);
    answer = { ok: true, width: raster.width, height: raster.height };
  } catch (error) {
    answer = isMediaError(error)
      ? { ok: false, reason: error.reason, message: error.message }
      : { ok: false, bug: String(error) };
  }
  // maxRSS is in KiB.
  const growth = process.resourceUsage().maxRSS * 1024 - before;
  process.stdout.write(`${JSON.stringify({ file, ...answer, growthMiB: Math.max(0, growth) / 2 ** 20 })}\n`);
}

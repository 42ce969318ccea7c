import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Embedder } from '../../shared/embed/index.ts';
import { ingestFolder } from '../../shared/ingest/index.ts';
import { pngBomb, scene, transformations } from '../helpers/images.ts';
import { useIngestFixture } from './fixture.ts';

const fx = useIngestFixture('isolation');

/** The real embedder, except that it throws on any batch holding a raster under 10 px high. */
function pickyEmbedder(inner: Embedder): Embedder {
  return {
    ...inner,
    async embedImages(rasters) {
      if (rasters.some((raster) => raster.height < 10))
        throw new Error('the model cannot take a 7-px sliver');
      return inner.embedImages(rasters);
    },
  };
}

// The audit: 40 good images + one crafted PNG gave "ingested 9, failed 32" on every run, and no failure rows.
describe('one bad file fails alone', () => {
  it('ingests the 40 good images beside a crafted strip and a file the model refuses, on every run', async () => {
    for (let i = 0; i < 40; i++) {
      const bytes = await transformations.encode(await scene(i, 'circles', 200, 150), 'jpeg');
      await writeFile(join(fx.inbox, `good-${String(i).padStart(2, '0')}.jpg`), bytes);
    }
    await writeFile(join(fx.inbox, 'good-05-strip.png'), await pngBomb(2, 19_999_999));
    await writeFile(join(fx.inbox, 'good-06-sliver.png'), await scene(99, 'stripes', 300, 7));
    const ctx = fx.runtime.ingestContext(pickyEmbedder(await fx.runtime.embedder()));

    for (const run of [1, 2]) {
      const summary = await ingestFolder(fx.inbox, ctx);
      expect(summary.ingested, `run ${run}`).toBe(run === 1 ? 40 : 0);
      expect(summary.unchanged, `run ${run}`).toBe(run === 1 ? 0 : 40);
      const reasons = Object.fromEntries(summary.failed.map((failure) => [failure.key, failure.reason]));
      expect(Object.keys(reasons).sort(), `run ${run}`).toEqual(['good-05-strip.png', 'good-06-sliver.png']);
      expect(reasons['good-05-strip.png']).toMatch(/2 x 19,999,999 pixels/);
      expect(reasons['good-06-sliver.png']).toMatch(/cannot embed: the model cannot take a 7-px sliver/);
    }
    expect(await fx.runtime.store.images.count('default')).toBe(40);
    const recorded = await fx.runtime.store.failures.list('default', 10);
    expect(recorded.map((row) => [row.key, row.sha256?.length])).toEqual(
      expect.arrayContaining([
        ['good-05-strip.png', 64],
        ['good-06-sliver.png', 64],
      ]),
    );
    expect(await fx.runtime.store.failures.count('default')).toBe(2);
  });
});

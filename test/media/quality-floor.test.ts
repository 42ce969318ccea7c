import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeImage, JUDGE_FLOOR_PX, judgeQuality } from '../../shared/media/index.ts';
import { scene } from '../helpers/images.ts';

const limits = { maxBytes: 100 * 1024 * 1024, maxPixels: 100_000_000 };

async function judged(width: number, height: number) {
  const bytes = await sharp(await scene(7, 'polygons', 800, 600))
    .resize(width, height, { fit: 'fill' })
    .blur(3)
    .png()
    .toBuffer();
  const { raster, meta } = await decodeImage(bytes, limits);
  return judgeQuality(raster, meta);
}

describe('a quality check that cannot judge a small image says so', () => {
  it('gives blur no confidence below its floor, with the size in the reason', async () => {
    const { scores, unjudged } = await judged(160, 120);
    expect(unjudged).toEqual({ blur: 'too small (160x120 < 192 px shortest side)' });
    expect(scores.blur).toBe(0);
  });

  it('judges blur at the floor: the same blurred picture is flagged there', async () => {
    const { scores, unjudged } = await judged(256, JUDGE_FLOOR_PX.blur);
    expect(unjudged).toEqual({});
    expect(scores.blur).toBeGreaterThan(0.5);
  });

  it('gives dark and bright no confidence below 64 px, and keeps the others', async () => {
    const { scores, unjudged } = await judged(60, 40);
    expect(Object.keys(unjudged).sort()).toEqual(['blur', 'bright', 'dark']);
    expect(unjudged.dark).toBe('too small (60x40 < 64 px shortest side)');
    expect([scores.blur, scores.dark, scores.bright]).toEqual([0, 0, 0]);
    expect(scores.oddSize).toBeGreaterThan(0.5);
  });

  it('says a picture without step edges cannot be judged for blur', async () => {
    const flat = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#808080' } })
      .png()
      .toBuffer();
    const { raster, meta } = await decodeImage(flat, limits);
    expect(judgeQuality(raster, meta).unjudged).toEqual({ blur: 'no step edges to measure' });
  });
});

import sharp, { type Sharp } from 'sharp';
import { describe, expect, it } from 'vitest';
import { contentBox } from '../../shared/media/index.ts';
import { picture } from '../curate/run-fixtures.ts';

async function rasterOf(image: Sharp) {
  const { data, info } = await image.removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data), width: info.width, height: info.height };
}

const photo = () => picture('green', 11, 120).png().toBuffer();

describe('the content inside a frame', () => {
  it('is none for a picture without a frame', async () => {
    expect(contentBox(await rasterOf(sharp(await photo())))).toBeNull();
  });

  it('trims a border, padding or letterbox of any flat colour', async () => {
    const border = await rasterOf(
      sharp(await photo()).extend({ top: 12, bottom: 12, left: 12, right: 12, background: '#000000' }),
    );
    const box = contentBox(border);
    expect(box?.x).toBeCloseTo(12 / 144, 2);
    expect(box?.w).toBeCloseTo(120 / 144, 2);
    const letterbox = contentBox(
      await rasterOf(sharp(await photo()).extend({ top: 30, bottom: 30, background: '#ffffff' })),
    );
    expect(letterbox).toMatchObject({ x: 0, w: 1 });
    expect(letterbox?.y).toBeCloseTo(30 / 180, 2);
    expect(letterbox?.h).toBeCloseTo(120 / 180, 2);
  });

  it('keeps the middle of a slightly rotated copy, clear of the fill in its corners', async () => {
    const box = contentBox(await rasterOf(sharp(await photo()).rotate(4, { background: '#ffffff' })));
    expect(box).not.toBeNull();
    expect(box?.w).toBeCloseTo(0.8, 2);
    expect(box?.x).toBeCloseTo(0.1, 2);
  });
});

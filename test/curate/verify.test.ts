import sharp, { type Sharp } from 'sharp';
import { describe, expect, it } from 'vitest';
import { verifyImageFromBytes, verifyPair } from '../../shared/curate/duplicates/verify/index.ts';
import { scene } from '../helpers/images.ts';

/** The copies that need the placement search (the unedited frame does not line up). */
const COPIES: Record<string, (s: Sharp) => Sharp> = {
  'rotated -5 degrees': (s) => s.rotate(-5, { background: '#000' }),
  'rotated 3 degrees': (s) => s.rotate(3, { background: '#fff' }),
  'cropped to 60%, off centre, flipped': (s) =>
    s.extract({ left: 250, top: 40, width: 500, height: 450 }).flop(),
  letterboxed: (s) => s.resize(640).extend({ top: 90, bottom: 90, background: '#000' }),
};

async function thumbnail(bytes: Buffer) {
  return verifyImageFromBytes(await sharp(bytes).resize(256, 256, { fit: 'inside' }).webp().toBuffer());
}

describe('pair verification, cascade (default) and exhaustive search', () => {
  it('agree that searched copies are the same picture and different scenes are not', async () => {
    for (const seed of [3, 41]) {
      const original = await scene(seed, 'circles', 800, 600);
      const a = await thumbnail(original);
      for (const [name, make] of Object.entries(COPIES)) {
        const b = await thumbnail(await make(sharp(original)).png().toBuffer());
        for (const cascade of [true, false]) {
          const verdict = verifyPair(a, b, { cascade });
          expect(verdict.confidence, `${name}, seed ${seed}, cascade ${cascade}`).toBeGreaterThanOrEqual(0.5);
          expect(verdict.transform.flipped, name).toBe(name.includes('flipped'));
        }
      }
      const other = await thumbnail(await scene(seed + 1000, 'circles', 800, 600));
      for (const cascade of [true, false])
        expect(verifyPair(a, other, { cascade }).confidence ?? 0, `seed ${seed}`).toBeLessThan(0.5);
    }
  });

  it('finds the rotation of a rotated copy', async () => {
    const original = await scene(7, 'circles', 800, 600);
    const rotated = await thumbnail(await COPIES['rotated -5 degrees'](sharp(original)).png().toBuffer());
    const verdict = verifyPair(await thumbnail(original), rotated);
    expect(Math.abs((verdict.transform.rotation * 180) / Math.PI + 5)).toBeLessThan(1.5);
    expect(verdict.decidedAt).toBe('refined');
  });
});

import sharp, { type Sharp } from 'sharp';
import { describe, expect, it } from 'vitest';
import {
  GUARD_BAND,
  RECHECK_FROM,
  type VerifyMethod,
  verifyImageFromBytes,
  verifyPair,
} from '../../shared/curate/duplicates/verify/index.ts';
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

const METHODS: VerifyMethod[] = ['exhaustive', 'cascade', 'guarded', 'screened'];

describe('pair verification: exhaustive search, cascade, guarded and screened cascade', () => {
  it('agree that searched copies are the same picture and different scenes are not', async () => {
    for (const seed of [3, 41]) {
      const original = await scene(seed, 'circles', 800, 600);
      const a = await thumbnail(original);
      for (const [name, make] of Object.entries(COPIES)) {
        const b = await thumbnail(await make(sharp(original)).png().toBuffer());
        for (const method of METHODS) {
          const verdict = verifyPair(a, b, { method });
          expect(verdict.confidence, `${name}, seed ${seed}, ${method}`).toBeGreaterThanOrEqual(0.5);
          expect(verdict.transform.flipped, name).toBe(name.includes('flipped'));
        }
      }
      const other = await thumbnail(await scene(seed + 1000, 'circles', 800, 600));
      for (const method of METHODS)
        expect(verifyPair(a, other, { method }).confidence ?? 0, `seed ${seed}, ${method}`).toBeLessThan(0.5);
    }
  });

  it('finds the rotation of a rotated copy', async () => {
    const original = await scene(7, 'circles', 800, 600);
    const rotated = await thumbnail(await COPIES['rotated -5 degrees'](sharp(original)).png().toBuffer());
    const verdict = verifyPair(await thumbnail(original), rotated);
    expect(Math.abs((verdict.transform.rotation * 180) / Math.PI + 5)).toBeLessThan(1.5);
    expect(verdict.decidedAt).toBe('refined');
  });

  it('guarded: keeps the cascade where it is sure and asks the exhaustive search inside the band', async () => {
    const original = await scene(11, 'circles', 800, 600);
    const a = await thumbnail(original);
    const copies = await Promise.all(
      Object.values(COPIES).map(async (make) => thumbnail(await make(sharp(original)).png().toBuffer())),
    );
    const other = await thumbnail(await scene(1011, 'circles', 800, 600));
    const fellBack = new Set<boolean | undefined>();
    for (const b of [...copies, other]) {
      const verdict = verifyPair(a, b, { method: 'guarded' });
      fellBack.add(verdict.fellBack);
      const c = verdict.cascadeConfidence;
      const sure = c !== null && c !== undefined && (c <= GUARD_BAND.low || c >= GUARD_BAND.high);
      expect(verdict.fellBack).toBe(!sure);
      const reference = verifyPair(a, b, { method: sure ? 'cascade' : 'exhaustive' });
      expect(verdict.confidence).toBe(reference.confidence);
    }
    // This scene has pairs on both sides of the band (a crop the cascade cannot judge, a look-alike at 0.15).
    expect([...fellBack].sort()).toEqual([false, true]);
  });

  it('screened: judges a different scene by its patches where the guarded cascade could not judge it', async () => {
    // The cascade's best placement of these two scenes ends just outside the allowed cover: "cannot judge".
    const a = await thumbnail(await scene(18, 'circles', 800, 600));
    const b = await thumbnail(await scene(1018, 'circles', 600, 800));
    const guarded = verifyPair(a, b, { method: 'guarded' });
    expect(guarded.cascadeConfidence).toBeNull();
    expect(guarded.fellBack).toBe(true);
    const screened = verifyPair(a, b, { method: 'screened' });
    expect(screened.fellBack).toBe(false);
    expect(screened.confidence).not.toBeNull();
    expect(screened.confidence ?? 1).toBeLessThan(0.5);
  });

  it('screened: a rejection whose searched placement correlated well is checked by the exhaustive search', async () => {
    const a = await thumbnail(await scene(16, 'circles', 800, 600));
    const b = await thumbnail(await scene(1016, 'circles', 600, 800));
    const verdict = verifyPair(a, b, { method: 'screened' });
    expect(verdict.cascadeConfidence ?? 1).toBeLessThanOrEqual(GUARD_BAND.low);
    expect(verdict.searchNcc ?? 0).toBeGreaterThanOrEqual(RECHECK_FROM);
    expect(verdict.fellBack).toBe(true);
    expect(verdict.confidence).toBe(verifyPair(a, b, { method: 'exhaustive' }).confidence);
  });
});

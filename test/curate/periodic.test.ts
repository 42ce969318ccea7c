import { describe, expect, it } from 'vitest';
import { verifyImageFromBytes, verifyPair } from '../../shared/curate/duplicates/verify/index.ts';
import { SCENE_KINDS, scene, skyGradient, transformations } from '../helpers/images.ts';

describe('repeating patterns in verification', () => {
  it('knows checkerboards and stripes repeat, and smooth or irregular pictures do not', async () => {
    const repeating = ['checkers', 'stripes'];
    for (const kind of SCENE_KINDS)
      for (const seed of [11, 6 * 7919])
        expect((await verifyImageFromBytes(await scene(seed, kind, 320, 240))).repeats, kind).toBe(
          repeating.includes(kind),
        );
    expect((await verifyImageFromBytes(await skyGradient(320, 240))).repeats).toBe(false);
  });

  it('cannot judge two different checkerboards, yet still confirms a re-encoded copy of one', async () => {
    const one = await scene(6 * 7919, 'checkers', 320, 240);
    const other = await scene(7 * 7919, 'checkers', 320, 240);
    const a = await verifyImageFromBytes(one);
    expect(verifyPair(a, await verifyImageFromBytes(other)).confidence).toBeNull();
    const copy = await transformations.encode(one, 'jpeg', 85);
    expect(verifyPair(a, await verifyImageFromBytes(copy)).confidence).toBeGreaterThanOrEqual(0.5);
  });
});

/**
 * Real verification work for synthetic rows: the synthetic set has vectors but no pictures, so each candidate
 * pair is verified on real thumbnails instead: a planted copy's pair on a corpus photo and a sharp-made copy of
 * it (resized, re-encoded, cropped or flipped, in turn), any other pair on two different photos. The verifier's
 * cost per pair is then what curation pays on real pictures, at the synthetic set's candidate volume.
 */
import sharp, { type Sharp } from 'sharp';
import type { PairVerifier } from '../../shared/curate/duplicates/index.ts';
import {
  type VerifyImage,
  type VerifyMethod,
  verifyImageFromBytes,
  verifyPair,
} from '../../shared/curate/duplicates/verify/index.ts';
import { makeThumbnail } from '../../shared/media/index.ts';
import { installHint, loadCorpus } from '../photos/corpus.ts';
import type { SyntheticSet } from './synthetic.ts';

const PHOTOS = 12;
const EDITS = [
  (s: Sharp, w: number) => s.resize(Math.round(w / 2)),
  (s: Sharp) => s.jpeg({ quality: 40 }),
  (s: Sharp, w: number, h: number) =>
    s.extract({
      left: Math.round(w * 0.1),
      top: Math.round(h * 0.1),
      width: Math.round(w * 0.75),
      height: Math.round(h * 0.75),
    }),
  (s: Sharp) => s.flop(),
];

interface Pool {
  originals: VerifyImage[];
  copies: VerifyImage[][];
}

async function pyramid(bytes: Buffer): Promise<VerifyImage> {
  const { data, info } = await sharp(bytes)
    .resize(384, 384, { fit: 'inside' })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const thumbnail = await makeThumbnail(
    { data: new Uint8Array(data), width: info.width, height: info.height },
    256,
  );
  return verifyImageFromBytes(thumbnail);
}

/** Undefined (with the packages to install on stderr) when the corpus photos are missing. */
export async function verifyPool(): Promise<Pool | undefined> {
  const { photos, missingPackages } = loadCorpus('photo');
  if (photos.length < 2) {
    process.stderr.write(`${installHint(missingPackages)}\n`);
    return undefined;
  }
  const pool: Pool = { originals: [], copies: [] };
  for (const photo of photos.slice(0, PHOTOS)) {
    const base = await sharp(photo.path).resize(768, 768, { fit: 'inside' }).png().toBuffer();
    const { width = 0, height = 0 } = await sharp(base).metadata();
    pool.originals.push(await pyramid(base));
    pool.copies.push(
      await Promise.all(
        EDITS.map(async (edit) => pyramid(await edit(sharp(base), width, height).png().toBuffer())),
      ),
    );
  }
  return pool;
}

/** A verifier over synthetic rows that does the real work on the pool's pictures (`method`: see VerifyMethod). */
export function poolVerifier(
  set: SyntheticSet,
  pool: Pool,
  method: VerifyMethod = 'exhaustive',
): { verifier: PairVerifier; pairs: () => number; fellBack: () => number } {
  const origin = new Int32Array(set.n).fill(-1);
  for (const { copy, of } of set.planted) origin[copy] = of;
  const root = (row: number) => (origin[row] >= 0 ? origin[row] : row);
  let pairs = 0;
  let fellBack = 0;
  const verifier: PairVerifier = async (a, b) => {
    pairs++;
    const photo = root(a) % pool.originals.length;
    const other = (photo + 1 + (root(b) % (pool.originals.length - 1))) % pool.originals.length;
    const verdict =
      root(a) === root(b)
        ? verifyPair(pool.originals[photo], pool.copies[photo][(a + b) % EDITS.length], { method })
        : verifyPair(pool.originals[photo], pool.originals[other], { method });
    if (verdict.fellBack) fellBack++;
    return verdict;
  };
  return { verifier, pairs: () => pairs, fellBack: () => fellBack };
}

import { patchEvidence } from './compare.ts';
import { type Grey, shrink, soften } from './grey.ts';
import { refine } from './refine.ts';
import { coarseSearch } from './search.ts';
import { atLevel, type Transform, warp } from './transform.ts';

/** Longest sides of the three levels: coarse search, refinement, the patch comparison. */
const COARSE = 24;
const FINE = 48;
const JUDGE = 96;

/** The pyramid one picture needs for every pair it is part of: built once per picture. */
export interface VerifyImage {
  coarse: Grey;
  fine: Grey;
  judge: Grey;
}

export function prepareForVerify(grey: Grey): VerifyImage {
  const judge = soften(shrink(grey, JUDGE));
  return { coarse: shrink(judge, COARSE), fine: shrink(judge, FINE), judge };
}

export interface PairVerdict {
  /** Confidence in [0, 1] that B is a copy of A (0.5 = the default cut-off); null when the pictures are too small or flat to judge. */
  confidence: number | null;
  transform: Transform;
  /** Shares of each picture the other covers (1 and ~0.6 for a 60% crop). */
  coverA: number;
  coverB: number;
  textured: number;
  agreeing: number;
  ncc: number;
}

/**
 * Is B the same picture as A? Coarse exhaustive placement (mirror, scale, shift), local refinement (adds a few
 * degrees of rotation), then patch agreement at the judging level.
 */
export function verifyPair(a: VerifyImage, b: VerifyImage): PairVerdict {
  let best: ReturnType<typeof refine> | undefined;
  for (const h of coarseSearch(a.coarse, b.coarse, 2)) {
    const fitted = refine(a.fine, b.fine, atLevel(h.transform, FINE / COARSE));
    if (!best || fitted.ncc > best.ncc) best = fitted;
  }
  const transform = best ? atLevel(best.transform, JUDGE / FINE) : identity();
  const evidence = patchEvidence(a.judge, warp(a.judge, b.judge, transform));
  return {
    confidence: null,
    transform,
    coverA: best?.coverA ?? 0,
    coverB: best?.coverB ?? 0,
    ...evidence,
  };
}

function identity(): Transform {
  return { flipped: false, scale: 1, rotation: 0, dx: 0, dy: 0 };
}

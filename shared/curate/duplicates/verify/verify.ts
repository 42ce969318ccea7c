import { patchEvidence } from './compare.ts';
import { type Grey, mirror, shrink, soften } from './grey.ts';
import { repeats } from './periodic.ts';
import { placeWarped, refine } from './refine.ts';
import { coarseSearch, type SearchLevels } from './search.ts';
import { atLevel, type Transform, warp } from './transform.ts';

/** Longest sides of the three levels: coarse search, refinement, the patch comparison. */
const TINY = 12;
const COARSE = 24;
const FINE = 48;
const JUDGE = 96;
/** Fewer textured patches than this and the pair cannot be judged (flat or tiny pictures). */
const MIN_TEXTURED = 8;
/** Share of agreeing patches at which the confidence is 0.5: calibrated by `npm run bench -- duplicates`. */
export const AGREEMENT_AT_HALF = 0.6;
/** An unedited placement (same frame, either way round) this convincing skips the search. */
const FAST_AGREEMENT = 0.9;
/**
 * Coarse (24 px) correlation below which a placement is not refined: the copies of `npm run bench -- duplicates`
 * that the full search accepts all place at or above ~0.80, while different photos rarely reach it (the bench
 * prints both distributions). Such a pair is judged once, at its coarse placement, instead of being refined.
 */
export const REFINE_FROM = 0.75;

/** The pyramid one picture needs for every pair it is part of: built once per picture. */
export interface VerifyImage extends SearchLevels {
  fine: Grey;
  judge: Grey;
  /** A repeating pattern: a searched placement proves nothing for it (see periodic.ts). */
  repeats: boolean;
}

export function prepareForVerify(grey: Grey): VerifyImage {
  const judge = soften(shrink(grey, JUDGE));
  const fine = shrink(judge, FINE);
  const coarse = shrink(judge, COARSE);
  const tiny = shrink(judge, TINY);
  return {
    coarse,
    coarseMirrored: mirror(coarse),
    tiny,
    tinyMirrored: mirror(tiny),
    fine,
    judge,
    repeats: repeats(fine),
  };
}

export interface PairVerdict {
  /** Confidence in [0, 1] that B is a copy of A (0.5 = the default cut-off); null when the pair cannot be judged. */
  confidence: number | null;
  transform: Transform;
  /** Shares of each picture the other covers (1 and ~0.6 for a 60% crop). */
  coverA: number;
  coverB: number;
  /** Patches with texture, and those of them where B shows what A shows. */
  textured: number;
  agreeing: number;
  /** Correlation over every covered pixel at the judging level. */
  ncc: number;
  /** B's mean grey minus A's and B's contrast over A's (tone shifts). */
  meanShift: number;
  contrastRatio: number;
  /** Where the answer was reached: the unedited frame, a coarse placement not worth refining, or a refined one. */
  decidedAt?: 'frame' | 'coarse' | 'refined';
  /** The coarse search's best correlation, when the search ran. */
  coarseNcc?: number;
}

export interface VerifyOptions {
  /**
   * The cascade (opt-in: it lost recall on rotations, see docs): a coarse-to-fine placement search, and refinement only for placements whose coarse
   * correlation reaches REFINE_FROM. Default: the exhaustive search, every placement refined.
   */
  cascade?: boolean;
}

/**
 * Is B the same picture as A? First the unedited frame (either way round): re-encodes, resizes, tone edits, blur
 * and watermarks stop there. Otherwise a coarse-to-fine placement search (mirror, scale, shift, one picture inside
 * the other); placements that correlate well enough get a local refinement that adds a few degrees of rotation;
 * the best placement is judged by patch agreement at the judging level.
 * A repeating pattern that is not a copy in the unedited frame cannot be judged (null): the caller falls back.
 */
export function verifyPair(a: VerifyImage, b: VerifyImage, options: VerifyOptions = {}): PairVerdict {
  const fast = sameFrame(a, b);
  if (fast && agreement(fast) >= FAST_AGREEMENT) return { ...fast, decidedAt: 'frame' };
  // Two different patterns line up under some placement: only the unedited frame can be judged.
  if (a.repeats || b.repeats)
    return { ...(fast ?? judge(a, b, identity(false))), confidence: null, decidedAt: 'frame' };
  const hypotheses = coarseSearch(a, b, 2, options.cascade !== true);
  const coarseNcc = hypotheses[0]?.ncc ?? -1;
  const worth = options.cascade !== true ? hypotheses : hypotheses.filter((h) => h.ncc >= REFINE_FROM);
  let searched: PairVerdict | undefined;
  if (worth.length > 0) {
    let best: ReturnType<typeof refine> | undefined;
    for (const h of worth) {
      const fitted = refine(a.fine, b.fine, atLevel(h.transform, FINE / COARSE));
      if (!best || fitted.ncc > best.ncc) best = fitted;
    }
    if (best) searched = { ...judge(a, b, atLevel(best.transform, JUDGE / FINE)), decidedAt: 'refined' };
  } else if (hypotheses.length > 0) {
    searched = { ...judge(a, b, atLevel(hypotheses[0].transform, JUDGE / COARSE)), decidedAt: 'coarse' };
  }
  const chosen = [fast, searched].reduce<PairVerdict>(
    (x, y) => (y && agreement(y) > agreement(x) ? y : x),
    fast ?? searched ?? judge(a, b, identity(false)),
  );
  return { ...chosen, decidedAt: chosen.decidedAt ?? 'frame', coarseNcc };
}

function sameFrame(a: VerifyImage, b: VerifyImage): PairVerdict | undefined {
  const ratio = (a.judge.width / a.judge.height) * (b.judge.height / b.judge.width);
  if (Math.abs(ratio - 1) > 0.03) return undefined;
  const scale = b.judge.width / a.judge.width;
  const straight = judge(a, b, identity(false, scale));
  if (agreement(straight) >= FAST_AGREEMENT) return straight;
  const mirrored = judge(a, b, identity(true, scale));
  return agreement(mirrored) > agreement(straight) ? mirrored : straight;
}

function judge(a: VerifyImage, b: VerifyImage, transform: Transform): PairVerdict {
  const warped = warp(a.judge, b.judge, transform);
  const placed = placeWarped(a.judge, b.judge, transform, warped);
  const evidence = patchEvidence(a.judge, warped);
  const confidence =
    evidence.textured < MIN_TEXTURED || placed.ncc < -0.5
      ? null
      : confidenceOf(evidence.agreeing / evidence.textured);
  return { confidence, transform, coverA: placed.coverA, coverB: placed.coverB, ...evidence };
}

/** Piecewise linear in the share of agreeing patches q: 0 up to q = 0.2, 0.5 at AGREEMENT_AT_HALF, 1 at q = 1. */
export function confidenceOf(q: number): number {
  const floor = 0.2;
  if (q <= floor) return 0;
  if (q <= AGREEMENT_AT_HALF) return (0.5 * (q - floor)) / (AGREEMENT_AT_HALF - floor);
  return Math.min(1, 0.5 + (0.5 * (q - AGREEMENT_AT_HALF)) / (1 - AGREEMENT_AT_HALF));
}

function agreement(verdict: PairVerdict): number {
  return verdict.confidence ?? -1;
}

function identity(flipped: boolean, scale = 1): Transform {
  return { flipped, scale, rotation: 0, dx: 0, dy: 0 };
}

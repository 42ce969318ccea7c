import { patchEvidence } from './compare.ts';
import { type Grey, mirror, shrink, soften } from './grey.ts';
import { repeats } from './periodic.ts';
import { finish, placeWarped, refine } from './refine.ts';
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
 * Correlation at the coarse level (24 px), after the local search there, from which the cascade finishes a
 * placement at the fine level: copies place well once their rotation and scale are found, different photos do
 * not. Calibrated by `npm run bench -- duplicates`, which prints both distributions.
 */
export const REFINE_FROM = 0.6;
/**
 * `guarded` only: a best searched placement (24 px, before any refinement) below this correlation is judged
 * where it stands, without refining (GUARD_BAND still applies to that verdict). On the duplicates bench 6 of
 * 5 882 pairs the exhaustive search accepts start below 0.3 (all framed copies: a letterbox, border or padding),
 * and about half of the different photos of `npm run bench -- curate` do; at 0.5, 53 copies fell below it and
 * rotations lost 0.05 of recall. `npm run bench -- duplicates` prints both distributions.
 */
export const SEARCH_FROM = 0.3;

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
  /** Where the answer was reached: the unedited frame, a coarse placement not worth finishing, or a refined one. */
  decidedAt?: 'frame' | 'coarse' | 'refined';
  /** The best coarse-level correlation (the cascade: after refining there; exhaustive: of the search). */
  coarseNcc?: number;
  /** The cascade: the best searched placement's correlation at the coarse level, before refining. */
  searchNcc?: number;
  /** `guarded` only: the cascade's confidence was inside GUARD_BAND, so the exhaustive search decided. */
  fellBack?: boolean;
  /** `guarded` only: the cascade's own confidence (what the band was applied to). */
  cascadeConfidence?: number | null;
}

/**
 * How a pair that the unedited frame does not settle is searched (`npm run bench -- duplicates` runs all three
 * side by side):
 * - `exhaustive` (default): every placement searched at the coarse level, the best two refined at the fine level;
 * - `cascade`: a coarse-to-fine placement search, the best placements refined at the coarse level, and only one
 *   that correlates at REFINE_FROM or better finished at the fine level (2.7x less CPU per pair, but up to 0.03
 *   lower recall on rotations and borders);
 * - `guarded` (opt-in): the cascade, whose verdict stands when its confidence is clearly on one side of the
 *   cut-off (outside GUARD_BAND), and the exhaustive search for the pairs inside the band. Measured (see
 *   docs/curation.md): recall 0.974 vs 0.975 exhaustive, but rotate -5° and border 8% 0.03 / 0.02 lower; on
 *   the curate bench it adds 19-20% of curation CPU at 10k-30k rows and 30% at 100k, where the exhaustive search
 *   adds 40-48%.
 * - `screened` (opt-in): the guarded cascade, but a cascade placement that ends just outside the allowed cover is
 *   judged by its patches (not "cannot judge", which sent different photos to the exhaustive search), and a
 *   confident rejection of a placement that correlated at RECHECK_FROM or better is searched again exhaustively.
 */
export type VerifyMethod = 'exhaustive' | 'cascade' | 'guarded' | 'screened';

export interface VerifyOptions {
  method?: VerifyMethod;
}

/**
 * The cascade's confidences that are not trusted on their own: a pair the cascade scores inside (low, high) is
 * searched again exhaustively, and so is one it cannot judge (48 of the bench's pairs the exhaustive search
 * accepts, against 262 it rejects). Chosen from the cascade's confidence on the duplicates bench's searched
 * pairs, split by the exhaustive verdict (docs/curation.md): of 6 126 accepted pairs 5 score 0-0.1 and 14
 * 0.1-0.5; of the rejected, 8 score 0.9-1 and 11 0.5-0.8.
 */
export const GUARD_BAND = { low: 0.1, high: 0.8 } as const;

/**
 * Is B the same picture as A? First the unedited frame (either way round): re-encodes, resizes, tone edits, blur
 * and watermarks stop there. Otherwise a placement search (mirror, scale, shift, one picture inside the other),
 * a local refinement that adds a few degrees of rotation, and the best placement judged by patch agreement at
 * the judging level.
 * A repeating pattern that is not a copy in the unedited frame cannot be judged (null): the caller falls back.
 */
export function verifyPair(a: VerifyImage, b: VerifyImage, options: VerifyOptions = {}): PairVerdict {
  const fast = sameFrame(a, b);
  if (fast && agreement(fast) >= FAST_AGREEMENT) return { ...fast, decidedAt: 'frame' };
  // Two different patterns line up under some placement: only the unedited frame can be judged.
  if (a.repeats || b.repeats)
    return { ...(fast ?? judge(a, b, identity(false))), confidence: null, decidedAt: 'frame' };
  const searched = SEARCHES[options.method ?? 'exhaustive'](a, b);
  const chosen = [fast, searched].reduce<PairVerdict>(
    (x, y) => (y && agreement(y) > agreement(x) ? y : x),
    fast ?? searched ?? judge(a, b, identity(false)),
  );
  return {
    ...chosen,
    decidedAt: chosen.decidedAt ?? 'frame',
    coarseNcc: searched?.coarseNcc,
    searchNcc: searched?.searchNcc,
    fellBack: searched?.fellBack,
    cascadeConfidence: searched?.cascadeConfidence,
  };
}

const SEARCHES: Record<VerifyMethod, (a: VerifyImage, b: VerifyImage) => PairVerdict | undefined> = {
  exhaustive,
  cascade,
  guarded,
  screened,
};

/**
 * `screened`: a searched placement this well correlated (24 px, before refining) is a likely copy, so the cascade's
 * rejection of it is checked by the exhaustive search (the cascade's misses on the duplicates bench, rotations and
 * borders, start here); different photos mostly start below it. `npm run bench -- duplicates` prints both.
 */
export const RECHECK_FROM = 0.6;

/**
 * The guarded cascade with two changes: a cascade placement that ends just outside the allowed cover (different
 * photos' best placement sits on that edge) is judged by its patches instead of "cannot judge", and a confident
 * rejection is rechecked when the searched placement correlated at RECHECK_FROM or better.
 */
function screened(a: VerifyImage, b: VerifyImage): PairVerdict | undefined {
  const quick = cascade(a, b, SEARCH_FROM);
  if (!quick) return exhaustive(a, b);
  const c = quick.confidence ?? patchConfidence(quick);
  const sure =
    c !== null &&
    ((c >= GUARD_BAND.high && quick.confidence !== null) ||
      (c <= GUARD_BAND.low && (quick.searchNcc ?? 1) < RECHECK_FROM));
  if (sure) return { ...quick, confidence: c, fellBack: false, cascadeConfidence: c };
  const full = exhaustive(a, b);
  return {
    ...(full ?? quick),
    searchNcc: quick.searchNcc,
    fellBack: full !== undefined,
    cascadeConfidence: c,
  };
}

/** Confidence from patch agreement alone (null for too few textured patches). */
function patchConfidence(verdict: PairVerdict): number | null {
  return verdict.textured < MIN_TEXTURED ? null : confidenceOf(verdict.agreeing / verdict.textured);
}

/** The cascade, and the exhaustive search only where the cascade's confidence is near the cut-off. */
function guarded(a: VerifyImage, b: VerifyImage): PairVerdict | undefined {
  const quick = cascade(a, b, SEARCH_FROM);
  if (!quick) return exhaustive(a, b);
  const c = quick.confidence;
  if (c !== null && (c <= GUARD_BAND.low || c >= GUARD_BAND.high))
    return { ...quick, fellBack: false, cascadeConfidence: c };
  const full = exhaustive(a, b);
  return { ...(full ?? quick), fellBack: full !== undefined, cascadeConfidence: c };
}

/**
 * Seeded search, the best two placements refined at 24 px, the better one finished at 48 px if it is worth it.
 * A best placement below `searchFrom` is judged unrefined.
 */
function cascade(a: VerifyImage, b: VerifyImage, searchFrom = -1): PairVerdict | undefined {
  const hypotheses = coarseSearch(a, b, 2);
  if (hypotheses.length === 0) return undefined;
  const searchNcc = hypotheses[0].ncc;
  if (searchNcc < searchFrom)
    return {
      ...judge(a, b, atLevel(hypotheses[0].transform, JUDGE / COARSE)),
      decidedAt: 'coarse',
      coarseNcc: searchNcc,
      searchNcc,
    };
  let best: ReturnType<typeof refine> | undefined;
  for (const h of hypotheses) {
    const fitted = refine(a.coarse, b.coarse, h.transform, 3);
    if (!best || fitted.ncc > best.ncc) best = fitted;
  }
  if (!best) return undefined;
  if (best.ncc < REFINE_FROM)
    return {
      ...judge(a, b, atLevel(best.transform, JUDGE / COARSE)),
      decidedAt: 'coarse',
      coarseNcc: best.ncc,
      searchNcc,
    };
  const done = finish(a.fine, b.fine, atLevel(best.transform, FINE / COARSE));
  return {
    ...judge(a, b, atLevel(done.transform, JUDGE / FINE)),
    decidedAt: 'refined',
    coarseNcc: best.ncc,
    searchNcc,
  };
}

/** The previous release: every placement searched at 24 px, the best two refined at 48 px. */
function exhaustive(a: VerifyImage, b: VerifyImage): PairVerdict | undefined {
  const hypotheses = coarseSearch(a, b, 2, true);
  let best: ReturnType<typeof refine> | undefined;
  for (const h of hypotheses) {
    const fitted = refine(a.fine, b.fine, atLevel(h.transform, FINE / COARSE));
    if (!best || fitted.ncc > best.ncc) best = fitted;
  }
  if (!best) return undefined;
  return {
    ...judge(a, b, atLevel(best.transform, JUDGE / FINE)),
    decidedAt: 'refined',
    coarseNcc: hypotheses[0].ncc,
  };
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

import type { Grey } from './grey.ts';
import { COVER_INSIDE, COVER_OTHER } from './search.ts';
import { correlate, type Transform, warp } from './transform.ts';

interface Step {
  scale: number;
  rotation: number;
  /** In pixels of the level refined. */
  shift: number;
}

/** The first steps of the local search; each round halves them. */
const FIRST_STEP: Step = { scale: 0.03, rotation: (2 * Math.PI) / 180, shift: 1 };
/** Rotation tried either side of level: "a few degrees", the copies people make by hand. */
const MAX_ROTATION = (8 * Math.PI) / 180;

export interface Fit {
  transform: Transform;
  ncc: number;
  /** Shares of A and of B that the other picture covers. */
  coverA: number;
  coverB: number;
}

/** Scores one placement; placements where neither picture lies inside the other score -1. */
export function place(a: Grey, b: Grey, transform: Transform): Fit {
  return placeWarped(a, b, transform, warp(a, b, transform));
}

/** `place` for a B already warped under `transform`. */
export function placeWarped(a: Grey, b: Grey, transform: Transform, warped: Float32Array): Fit {
  const { ncc, covered } = correlate(a, warped);
  const coverA = covered;
  const coverB = Math.min(1, (covered * a.width * a.height * transform.scale ** 2) / (b.width * b.height));
  const inside = Math.max(coverA, coverB) >= COVER_INSIDE && Math.min(coverA, coverB) >= COVER_OTHER;
  return { transform, ncc: inside ? ncc : -1, coverA, coverB };
}

/**
 * Local search from a coarse placement: scale, rotation and shift nudged one at a time, keeping any step that
 * raises the correlation, with the steps halved when none does. A few dozen warps at this level.
 */
export function refine(a: Grey, b: Grey, start: Transform, rounds = 4, from: Step = FIRST_STEP): Fit {
  let best = place(a, b, start);
  let step = from;
  for (let round = 0; round < rounds; round++) {
    let improved = true;
    while (improved) {
      improved = false;
      for (const candidate of neighbours(best.transform, step)) {
        const tried = place(a, b, candidate);
        if (tried.ncc > best.ncc + 1e-4) {
          best = tried;
          improved = true;
        }
      }
    }
    step = { scale: step.scale / 2, rotation: step.rotation / 2, shift: step.shift / 2 };
  }
  return best;
}

/**
 * The cascade's last step (verify.ts): a placement already refined at the coarse level (3 rounds, ending at a
 * quarter of the first steps) is finished at the fine level with the small steps only.
 */
export function finish(a: Grey, b: Grey, start: Transform): Fit {
  const step = {
    scale: FIRST_STEP.scale / 4,
    rotation: FIRST_STEP.rotation / 4,
    shift: FIRST_STEP.shift / 2,
  };
  return refine(a, b, start, 2, step);
}

function neighbours(t: Transform, step: Step): Transform[] {
  const out: Transform[] = [];
  for (const d of [-1, 1]) {
    out.push({ ...t, scale: t.scale * (1 + d * step.scale) });
    const rotation = t.rotation + d * step.rotation;
    if (Math.abs(rotation) <= MAX_ROTATION) out.push({ ...t, rotation });
    out.push({ ...t, dx: t.dx + d * step.shift * t.scale });
    out.push({ ...t, dy: t.dy + d * step.shift * t.scale });
  }
  return out;
}

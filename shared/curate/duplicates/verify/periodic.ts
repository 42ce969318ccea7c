import type { Grey } from './grey.ts';

/** Largest shift tried, in pixels of the picture given (the 48-px refinement level: a quarter of its side). */
const MAX_SHIFT = 12;
/** A shifted picture correlating this well with itself repeats... */
const REPEAT = 0.5;
/** ...when the correlation fell at least this much on the way there (smooth pictures decay, patterns come back). */
const VALLEY = 0.35;

/**
 * Does the picture repeat itself (a checkerboard, tiles, a regular fabric)? Then a placement search finds a
 * shift, scale or rotation under which two *different* patterns agree patch by patch, so patch agreement is no
 * evidence of the same picture. The test is the picture's autocorrelation: a repeating pattern has a second
 * peak, separated from the zero shift by a valley; a smooth picture's autocorrelation only decays.
 * Cost: (2 * MAX_SHIFT + 1)^2 correlations of the 48-px level, about a million multiply-adds, once per picture.
 */
export function repeats(image: Grey): boolean {
  const reach = Math.min(MAX_SHIFT, Math.floor(image.width / 3), Math.floor(image.height / 3));
  if (reach < 2) return false;
  const side = 2 * reach + 1;
  const map = new Float32Array(side * side);
  for (let dy = -reach; dy <= reach; dy++)
    for (let dx = -reach; dx <= reach; dx++)
      map[(dy + reach) * side + dx + reach] = shiftedNcc(image, dx, dy);
  const at = (dx: number, dy: number) => map[(dy + reach) * side + dx + reach];
  for (let dy = -reach; dy <= reach; dy++) {
    for (let dx = -reach; dx <= reach; dx++) {
      const peak = at(dx, dy);
      if (Math.max(Math.abs(dx), Math.abs(dy)) < 2 || peak < REPEAT) continue;
      if (lowestOnTheWay(at, dx, dy) <= peak - VALLEY) return true;
    }
  }
  return false;
}

/** The lowest autocorrelation on the straight line from the zero shift to (dx, dy). */
function lowestOnTheWay(at: (dx: number, dy: number) => number, dx: number, dy: number): number {
  const steps = Math.max(Math.abs(dx), Math.abs(dy));
  let lowest = 1;
  for (let s = 1; s < steps; s++)
    lowest = Math.min(lowest, at(Math.round((dx * s) / steps), Math.round((dy * s) / steps)));
  return lowest;
}

/** Correlation of the picture with itself moved by (dx, dy), over the overlap. */
function shiftedNcc(image: Grey, dx: number, dy: number): number {
  const { width, height, data } = image;
  let n = 0;
  let sa = 0;
  let sb = 0;
  let saa = 0;
  let sbb = 0;
  let sab = 0;
  for (let y = Math.max(0, -dy); y < Math.min(height, height - dy); y++) {
    for (let x = Math.max(0, -dx); x < Math.min(width, width - dx); x++) {
      const p = data[y * width + x];
      const q = data[(y + dy) * width + x + dx];
      sa += p;
      sb += q;
      saa += p * p;
      sbb += q * q;
      sab += p * q;
      n++;
    }
  }
  if (n < 4) return 0;
  const va = saa / n - (sa / n) ** 2;
  const vb = sbb / n - (sb / n) ** 2;
  return va > 1e-8 && vb > 1e-8 ? (sab / n - (sa / n) * (sb / n)) / Math.sqrt(va * vb) : 0;
}

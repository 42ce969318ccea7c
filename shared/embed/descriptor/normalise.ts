/** Block and vector normalisations applied to every feature block before concatenation. */

/**
 * Square root of every (non-negative) bin, the "Hellinger" or power normalisation: bins that win by sheer
 * mass (sky, walls, one big colour) stop drowning the rest, and noise in small bins weighs less.
 */
export function root(v: Float32Array): Float32Array {
  for (let i = 0; i < v.length; i++) v[i] = Math.sqrt(v[i]);
  return v;
}

/** Subtracts the block's own mean: removes the constant direction that every histogram shares. */
export function centre(v: Float32Array): Float32Array {
  let mean = 0;
  for (let i = 0; i < v.length; i++) mean += v[i];
  mean /= v.length;
  for (let i = 0; i < v.length; i++) v[i] -= mean;
  return v;
}

/** Scales to unit L2 norm times `scale`; an all-zero vector stays zero. */
export function l2(v: Float32Array, scale = 1): Float32Array {
  let ss = 0;
  for (let i = 0; i < v.length; i++) ss += v[i] * v[i];
  if (ss === 0) return v;
  const k = scale / Math.sqrt(ss);
  for (let i = 0; i < v.length; i++) v[i] *= k;
  return v;
}

/** Scales to norm `scale` when the norm is at least `knee`, proportionally below it. */
export function saturate(v: Float32Array, knee: number, scale: number): Float32Array {
  let ss = 0;
  for (let i = 0; i < v.length; i++) ss += v[i] * v[i];
  const k = scale / Math.max(Math.sqrt(ss), knee);
  for (let i = 0; i < v.length; i++) v[i] *= k;
  return v;
}

export function concat(parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

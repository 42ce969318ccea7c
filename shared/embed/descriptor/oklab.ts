/**
 * sRGB -> Oklab (Björn Ottosson, 2020): a perceptual space where Euclidean distances track perceived colour
 * differences and L is close to perceived lightness, so a colour's position does not drift with its hue.
 */

/** sRGB byte -> linear light in [0, 1]. */
export const SRGB_TO_LINEAR = (() => {
  const lut = new Float32Array(256);
  for (let i = 0; i < 256; i++) {
    const c = i / 255;
    lut[i] = c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }
  return lut;
})();

export interface OklabPlanes {
  L: Float32Array;
  a: Float32Array;
  b: Float32Array;
}

/** Converts planar linear RGB in [0, 1] ([R, G, B] planes of `n` pixels) into Oklab planes. */
export function linearRgbToOklab(rgb: Float32Array, n: number): OklabPlanes {
  const L = new Float32Array(n);
  const a = new Float32Array(n);
  const b = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const r = rgb[i];
    const g = rgb[n + i];
    const bl = rgb[2 * n + i];
    const l = Math.cbrt(0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * bl);
    const m = Math.cbrt(0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * bl);
    const s = Math.cbrt(0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * bl);
    L[i] = 0.2104542553 * l + 0.793617785 * m - 0.0040720468 * s;
    a[i] = 1.9779984951 * l - 2.428592205 * m + 0.4505937099 * s;
    b[i] = 0.0259040371 * l + 0.7827717662 * m - 0.808675766 * s;
  }
  return { L, a, b };
}

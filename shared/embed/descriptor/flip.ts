import type { Raster } from '../../media/types.ts';
import { describe } from './features.ts';

/**
 * The descriptor of a mirrored picture is the descriptor with its entries moved and some signs turned: spatial
 * cells swap left for right, edge orientations mirror, odd horizontal DCT frequencies change sign. This finds
 * that signed permutation by describing a few random pictures and their mirrors, so it follows the feature layout
 * without restating it; undefined when the descriptor is not mirror-equivariant (then no flipped queries).
 * Entry j of the mirrored vector is sign[j] * v[source[j]].
 */
export function descriptorMirror(): { source: Int32Array; sign: Float32Array } | undefined {
  // Found once per process (~0.4 s): it depends on the code only.
  found ??= { value: findMirror() };
  return found.value;
}

let found: { value: ReturnType<typeof findMirror> } | undefined;

function findMirror(): { source: Int32Array; sign: Float32Array } | undefined {
  const probes = [1, 2, 3].map((seed) => randomRaster(48, 40, seed));
  const plain = probes.map((r) => describe(r));
  const mirrored = probes.map((r) => describe(mirrorRaster(r)));
  const dimension = plain[0].length;
  const source = new Int32Array(dimension);
  const sign = new Float32Array(dimension);
  const tolerance = 1e-4;
  for (let j = 0; j < dimension; j++) {
    let found = -1;
    for (let i = 0; i < dimension && found < 0; i++) {
      for (const s of [1, -1]) {
        if (plain.every((v, p) => Math.abs(s * v[i] - mirrored[p][j]) <= tolerance)) {
          found = i;
          sign[j] = s;
          break;
        }
      }
    }
    if (found < 0) return undefined;
    source[j] = found;
  }
  return { source, sign };
}

/** v mirrored by the signed permutation, written into `out`. */
export function mirrorVector(
  v: Float32Array,
  mirror: { source: Int32Array; sign: Float32Array },
  out = new Float32Array(v.length),
): Float32Array {
  for (let j = 0; j < v.length; j++) out[j] = mirror.sign[j] * v[mirror.source[j]];
  return out;
}

function randomRaster(width: number, height: number, seed: number): Raster {
  let state = seed * 2654435761;
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i++) {
    state = (Math.imul(state ^ (state >>> 13), 1274126177) + 0x9e3779b9) | 0;
    data[i] = (state >>> 24) & 255;
  }
  return { data, width, height };
}

function mirrorRaster(raster: Raster): Raster {
  const { width, height, data } = raster;
  const out = new Uint8Array(data.length);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      out.set(data.subarray((y * width + x) * 3, (y * width + x) * 3 + 3), (y * width + width - 1 - x) * 3);
  return { data: out, width, height };
}

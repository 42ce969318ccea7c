/** The perceptual-hash peers: Hamming distances between the hashes features.ts computed. */
import type { ItemFeatures } from './features.ts';

/** Usual cut-offs: pHash 64-bit <= 10 bits (ImageHash / pHash practice); blockhash 256-bit <= 10 bits (blockhash.io). */
export const PEERS = {
  'sharp-phash': {
    cutoff: 10,
    bits: 64,
    distance: (a: ItemFeatures, b: ItemFeatures) => bitDistance(a.phash, b.phash),
  },
  'blockhash-core': {
    cutoff: 10,
    bits: 256,
    distance: (a: ItemFeatures, b: ItemFeatures) => hexDistance(a.blockhash, b.blockhash),
  },
} as const;

export type PeerName = keyof typeof PEERS;

function bitDistance(a: string, b: string): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) d++;
  return d;
}

function hexDistance(a: string, b: string): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) {
    let x = Number.parseInt(a[i], 16) ^ Number.parseInt(b[i], 16);
    while (x) {
      d += x & 1;
      x >>= 1;
    }
  }
  return d;
}

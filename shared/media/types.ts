/** Interleaved 8-bit RGB pixels, row-major, orientation already applied. */
export interface Raster {
  data: Uint8Array;
  width: number;
  height: number;
}

/** What we record about a file, whatever its format or size. */
export interface ImageMeta {
  /** Oriented (displayed) width and height of the original. */
  width: number;
  height: number;
  /** sharp's format name: jpeg, png, webp, gif, tiff, heif, avif, ... */
  format: string;
  bytes: number;
  sha256: string;
  /** Digest of the decoded pixels (media/pixel-hash.ts): equal only for the same pixels, whatever the container. */
  pixelHash: string;
}

export interface DecodedImage {
  meta: ImageMeta;
  /** A working copy, shortest side at most the working size, never upscaled: all analysis runs on it. */
  raster: Raster;
}

export interface QualityScores {
  blur: number;
  dark: number;
  bright: number;
  lowInformation: number;
  oddSize: number;
  oddAspectRatio: number;
  grayscale: number;
}

export type QualityIssue = keyof QualityScores;

/** Normalised box, all in [0, 1] of the oriented image. */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

import type { Box } from '../media/types.ts';

export const TRAINING_FORMATS = ['coco', 'yolo', 'list'] as const;
export type TrainingFormat = (typeof TRAINING_FORMATS)[number];

/** copy: the bytes are written into the export; link: a symbolic link to the original; none: keys only. */
export const IMAGE_MODES = ['copy', 'link', 'none'] as const;
export type ImageMode = (typeof IMAGE_MODES)[number];

/** One image to export, with what training needs of it. */
export interface ExportItem {
  key: string;
  width: number;
  height: number;
  label: string | null;
  caption: string | null;
  tags: string[];
  split: string | null;
  objects: { label: string | null; box: Box }[];
}

/** Where the originals are: bytes from the bucket, and a folder on this machine when they can be linked. */
export interface OriginalSource {
  get(key: string): Promise<Uint8Array | undefined>;
  /** The original's path on this machine, for links; undefined when the originals are remote. */
  path?(key: string): string;
}

export interface ExportSummary {
  format: TrainingFormat;
  out: string;
  images: number;
  objects: number;
  /** Files the export wrote besides the images, relative to `out`. */
  files: string[];
  /** Images whose original could not be read (exported without their file), with why. */
  missing: { key: string; reason: string }[];
  splits: Record<string, number>;
  classes: string[];
}

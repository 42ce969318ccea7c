import type { Box } from '../../media/types.ts';

/**
 * A box as its source wrote it. Pixel boxes cannot be normalised until the decoded (oriented) size is known,
 * so they stay tagged until `normaliseBoxes` is called with it.
 */
export interface AnnotationBox {
  unit: 'px' | 'norm';
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface AnnotatedObject {
  label: string | null;
  box: AnnotationBox;
}

/** What the sources say about one image; boxes may still be in pixels. */
export interface Annotation {
  label: string | null;
  caption: string | null;
  tags: string[];
  objects: AnnotatedObject[];
}

/** An annotation whose boxes are normalised, clamped to the image and non-empty. */
export interface ResolvedAnnotation extends Omit<Annotation, 'objects'> {
  objects: { label: string | null; box: Box }[];
}

/** An annotation file that could not be used (or only partly), relative to the ingested root. A type, not an
 * interface, so it passes as log fields. */
export type AnnotationProblem = {
  file: string;
  reason: string;
};

/** auto: label by parent folder when the layout looks like folder-per-class (see docs/annotations.md). */
export type FolderLabels = 'auto' | 'on' | 'off';

/** Bytes per annotation file; a bigger file is refused whole with a problem that names the limit. */
export interface AnnotationLimits {
  sidecarBytes: number;
  manifestBytes: number;
  cocoBytes: number;
}

export interface AnnotationOptions {
  folderLabels?: FolderLabels;
  limits?: Partial<AnnotationLimits>;
}

export interface AnnotationIndex {
  /** The merged annotation of an image key; empty (nulls, no tags, no objects) when nothing names it. */
  get(key: string): Annotation;
  /** The same, sidecars aside: for a watcher that has just read an image's sidecar afresh. */
  fromRootSources(key: string): Annotation;
  /** Whether folder names were taken as labels (the `auto` decision, once made). */
  readonly folderLabels: boolean;
  readonly problems: AnnotationProblem[];
}

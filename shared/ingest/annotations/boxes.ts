import type { Box } from '../../media/types.ts';
import type { Annotation, AnnotationBox, ResolvedAnnotation } from './types.ts';

/**
 * Boxes -> normalised boxes of the oriented image of `width` x `height` pixels, clamped to it. A box that is
 * empty after clamping (less than a pixel wide or high) cannot be cropped: it is dropped, with a warning.
 */
export function normaliseBoxes(
  annotation: Annotation,
  width: number,
  height: number,
): { annotation: ResolvedAnnotation; warnings: string[] } {
  const warnings: string[] = [];
  const objects: ResolvedAnnotation['objects'] = [];
  annotation.objects.forEach((object, index) => {
    const name = `object ${index}${object.label ? ` (${object.label})` : ''}`;
    const box = normaliseBox(object.box, width, height);
    if (!box) {
      warnings.push(
        `${name}: box ${describe(object.box)} is empty inside the ${width}x${height} image; dropped`,
      );
      return;
    }
    if (box.clamped) warnings.push(`${name}: box ${describe(object.box)} reaches outside the image; clamped`);
    objects.push({ label: object.label, box: box.box });
  });
  return { annotation: { ...annotation, objects }, warnings };
}

function normaliseBox(
  box: AnnotationBox,
  width: number,
  height: number,
): { box: Box; clamped: boolean } | null {
  const sx = box.unit === 'px' ? width : 1;
  const sy = box.unit === 'px' ? height : 1;
  const raw = [box.x / sx, box.y / sy, (box.x + box.w) / sx, (box.y + box.h) / sy];
  const [x0, y0, x1, y1] = raw.map(clamp01);
  // Under one pixel is as good as empty: nothing to crop or embed.
  if ((x1 - x0) * width < 1 || (y1 - y0) * height < 1) return null;
  // Half a pixel of overshoot is rounding, not a wrong box.
  const clamped = Math.max(
    Math.abs(raw[0] - x0) * width,
    Math.abs(raw[2] - x1) * width,
    Math.abs(raw[1] - y0) * height,
    Math.abs(raw[3] - y1) * height,
  );
  return { box: { x: x0, y: y0, w: x1 - x0, h: y1 - y0 }, clamped: clamped > 0.5 };
}

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}

function describe(box: AnnotationBox): string {
  const values = [box.x, box.y, box.w, box.h].map((v) => Number(v.toFixed(4)));
  return `[${values.join(', ')}]${box.unit === 'px' ? ' px' : ''}`;
}

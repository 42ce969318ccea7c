/** How an image becomes the model's square input. */
export type ResizeMode = 'shortest-side' | 'squash';

export interface ResizePlan {
  /** Size after resizing, before cropping. */
  width: number;
  height: number;
  /** Top-left corner of the size x size crop. */
  left: number;
  top: number;
}

/**
 * torchvision's Resize(size) + CenterCrop(size): the shorter side becomes `size`, the longer one
 * int(size * long / short) (truncated), then the crop offset is int(round((side - size) / 2)) with Python's
 * round-half-to-even. 'squash' resizes both sides to `size` and crops nothing.
 */
export function planResize(width: number, height: number, size: number, mode: ResizeMode): ResizePlan {
  if (mode === 'squash') return { width: size, height: size, left: 0, top: 0 };
  const short = Math.min(width, height);
  const long = Math.max(width, height);
  const longSide = Math.max(size, Math.trunc((size * long) / short));
  const resized = width <= height ? { width: size, height: longSide } : { width: longSide, height: size };
  return {
    ...resized,
    left: roundHalfEven((resized.width - size) / 2),
    top: roundHalfEven((resized.height - size) / 2),
  };
}

export function roundHalfEven(value: number): number {
  const floor = Math.floor(value);
  const fraction = value - floor;
  if (fraction > 0.5) return floor + 1;
  if (fraction < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

import { posix } from 'node:path';

/** The image's place in the export: under images/, keeping the key's folders, so no two names collide. */
export const imagePath = (key: string): string => posix.join('images', key);

/** Where YOLO tools look for an image's labels: images/ -> labels/, the extension -> .txt. */
export function yoloLabelPath(key: string): string {
  const path = posix.join('labels', key);
  const dot = path.lastIndexOf('.');
  return `${dot > path.lastIndexOf('/') ? path.slice(0, dot) : path}.txt`;
}

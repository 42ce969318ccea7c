import { stringify } from 'yaml';
import { writeUnder } from './files.ts';
import { yoloLabelPath } from './paths.ts';
import type { ExportItem } from './types.ts';

/**
 * YOLO detection labels: one `labels/<key>.txt` per image (images/ -> labels/, as YOLO tools look them up),
 * a line `class cx cy w h` per object in fractions of the image, an empty file for an image without objects
 * (a negative example). Class numbers follow first sight; data.yaml names them.
 */
export function yoloWriter(out: string) {
  const classes = new Map<string, number>();
  return {
    classes,
    async add(key: string, item: ExportItem): Promise<number> {
      const lines: string[] = [];
      for (const object of item.objects) {
        if (object.label === null) continue;
        let id = classes.get(object.label);
        if (id === undefined) {
          id = classes.size;
          classes.set(object.label, id);
        }
        const { x, y, w, h } = object.box;
        lines.push(
          [id, x + w / 2, y + h / 2, w, h].map((v, i) => (i === 0 ? String(v) : fixed(v))).join(' '),
        );
      }
      await writeUnder(out, yoloLabelPath(key), lines.length ? `${lines.join('\n')}\n` : '');
      return lines.length;
    },
    /** data.yaml: split lists relative to the export folder, and the class names by number. */
    async finish(lists: Record<string, string>): Promise<void> {
      const train = lists.train ?? 'images';
      const data: Record<string, unknown> = {
        path: '.',
        train,
        val: lists.val ?? train,
        ...(lists.test ? { test: lists.test } : {}),
        names: Object.fromEntries([...classes].map(([name, id]) => [id, name])),
      };
      await writeUnder(out, 'data.yaml', `# written by viscura export\n${stringify(data)}`);
    },
  };
}

const fixed = (value: number) => value.toFixed(6);

import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lineWriter } from './files.ts';
import type { ExportItem } from './types.ts';

/**
 * A COCO instances file written as it goes: images and annotations stream to two scratch files (one JSON value
 * per line), categories are numbered on first sight, and the three are joined at the end, so memory stays flat
 * whatever the number of images. Boxes are COCO's pixel [x, y, w, h] of the image as displayed.
 */
export async function cocoWriter(out: string, file: string) {
  const scratch = await mkdtemp(join(tmpdir(), 'viscura-coco-'));
  const images = await lineWriter(scratch, 'images');
  const annotations = await lineWriter(scratch, 'annotations');
  const categories = new Map<string, number>();
  let imageId = 0;
  let annotationId = 0;
  return {
    categories,
    async add(path: string, item: ExportItem): Promise<number> {
      const id = ++imageId;
      await images.write(JSON.stringify({ id, file_name: path, width: item.width, height: item.height }));
      let written = 0;
      for (const object of item.objects) {
        if (object.label === null) continue;
        let category = categories.get(object.label);
        if (category === undefined) {
          category = categories.size + 1;
          categories.set(object.label, category);
        }
        const { x, y, w, h } = object.box;
        const bbox = [x * item.width, y * item.height, w * item.width, h * item.height].map(round);
        await annotations.write(
          JSON.stringify({
            id: ++annotationId,
            image_id: id,
            category_id: category,
            bbox,
            area: round(bbox[2] * bbox[3]),
            iscrowd: 0,
          }),
        );
        written++;
      }
      return written;
    },
    async finish(): Promise<void> {
      await images.close();
      await annotations.close();
      const target = await lineWriter(out, file);
      const names = [...categories].map(([name, id]) => ({ id, name, supercategory: '' }));
      await target.write(`{"info":{"description":"viscura export"},"categories":${JSON.stringify(names)},`);
      await copyArray(target, join(scratch, 'images'), 'images');
      await target.write(',');
      await copyArray(target, join(scratch, 'annotations'), 'annotations');
      await target.write('}');
      await target.close();
      await rm(scratch, { recursive: true, force: true });
    },
  };
}

async function copyArray(target: { write(line: string): Promise<void> }, path: string, name: string) {
  await target.write(`"${name}":[`);
  let first = true;
  let rest = '';
  for await (const chunk of createReadStream(path, { encoding: 'utf8' })) {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) {
      if (line === '') continue;
      await target.write(first ? line : `,${line}`);
      first = false;
    }
  }
  if (rest !== '') await target.write(first ? rest : `,${rest}`);
  await target.write(']');
}

/** Pixels to a hundredth: what annotation tools keep, and far below a box's own uncertainty. */
const round = (value: number) => Math.round(value * 100) / 100;

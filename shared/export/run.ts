import { mkdir, readdir } from 'node:fs/promises';
import { VisibleError } from '../errors/index.ts';
import { cocoWriter } from './coco.ts';
import { lineWriter, placeImage } from './files.ts';
import { manifestLine } from './manifest.ts';
import { imagePath } from './paths.ts';
import type { ExportItem, ExportSummary, ImageMode, OriginalSource, TrainingFormat } from './types.ts';
import { yoloWriter } from './yolo.ts';

export interface TrainingExportOptions {
  format: TrainingFormat;
  /** A new or empty folder: an export never overwrites what is there. */
  out: string;
  images: ImageMode;
  source: OriginalSource;
}

/**
 * A view for training: COCO (annotations/instances.json), YOLO (labels/ + data.yaml) or a plain file list, with
 * the images copied, linked or left where they are, and per-split lists. Image-level annotations that the
 * formats cannot hold go to manifest.jsonl, so re-ingesting the export gives back the same labels and boxes.
 * Streams: memory stays flat in the number of images (YOLO keeps only the class names).
 */
export async function exportTraining(
  items: AsyncIterable<ExportItem>,
  options: TrainingExportOptions,
): Promise<ExportSummary> {
  await prepareFolder(options.out);
  const { format, out } = options;
  // One COCO file per split, as COCO itself ships (instances_train.json, instances_val.json).
  const cocoFiles = new Map<string, Awaited<ReturnType<typeof cocoWriter>>>();
  const cocoFor = async (split: string | null) => {
    const file = split ? `annotations/instances_${split}.json` : 'annotations/instances.json';
    let writer = cocoFiles.get(file);
    if (!writer) {
      writer = await cocoWriter(out, file);
      cocoFiles.set(file, writer);
    }
    return writer;
  };
  const yolo = format === 'yolo' ? yoloWriter(out) : undefined;
  const manifest = format === 'list' ? undefined : await lineWriter(out, 'manifest.jsonl');
  const list = await lineWriter(out, 'files.txt');
  const splitLists = new Map<string, Awaited<ReturnType<typeof lineWriter>>>();
  const summary: ExportSummary = {
    format,
    out,
    images: 0,
    objects: 0,
    files: [],
    missing: [],
    splits: {},
    classes: [],
  };
  for await (const item of items) {
    const path = options.images === 'none' && format === 'list' ? item.key : imagePath(item.key);
    const problem = await placeImage(out, path, item.key, options.images, options.source);
    if (problem) summary.missing.push({ key: item.key, reason: problem });
    if (format === 'coco') summary.objects += await (await cocoFor(item.split)).add(path, item);
    if (yolo) summary.objects += await yolo.add(item.key, item);
    await manifest?.write(manifestLine(path, item));
    await list.write(path);
    const split = item.split ?? (format === 'yolo' ? 'train' : undefined);
    if (split) {
      summary.splits[split] = (summary.splits[split] ?? 0) + 1;
      let writer = splitLists.get(split);
      if (!writer) {
        writer = await lineWriter(out, `${split}.txt`);
        splitLists.set(split, writer);
      }
      await writer.write(format === 'yolo' ? `./${path}` : path);
    }
    summary.images++;
  }
  await list.close();
  await manifest?.close();
  for (const writer of splitLists.values()) await writer.close();
  const lists = Object.fromEntries([...splitLists.keys()].map((split) => [split, `${split}.txt`]));
  for (const writer of cocoFiles.values()) await writer.finish();
  await yolo?.finish(lists);
  const classes = [...cocoFiles.values()].flatMap((writer) => [...writer.categories.keys()]);
  summary.classes = [...new Set([...classes, ...(yolo?.classes.keys() ?? [])])].sort();
  summary.files = [
    'files.txt',
    ...Object.values(lists),
    ...(manifest ? ['manifest.jsonl'] : []),
    ...cocoFiles.keys(),
    ...(yolo ? ['data.yaml', 'labels/'] : []),
  ];
  return summary;
}

async function prepareFolder(out: string): Promise<void> {
  const entries = await readdir(out).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw new VisibleError(`Cannot read the export folder ${out}: ${error.message}`, 'invalid_output');
  });
  if (entries.length > 0)
    throw new VisibleError(
      `The export folder ${out} is not empty: choose a new folder, so nothing is overwritten.`,
      'invalid_output',
    );
  await mkdir(out, { recursive: true });
}

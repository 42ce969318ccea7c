import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { parse } from 'yaml';
import { z } from 'zod';
import { errorMessage } from '../../errors/index.ts';
import { emptyAnnotation } from './merge.ts';
import { listNames } from './paths.ts';
import { readTextBounded } from './read.ts';
import { rowErrors, type SourceTable } from './rows.ts';
import type { AnnotatedObject, AnnotationProblem } from './types.ts';

export const yoloDataNames = ['data.yaml', 'data.yml'];

/** `names` as a list (`[cat, dog]`) or a map (`{0: cat, 1: dog}`), as YOLO tools write either. */
const dataSchema = z.object({
  names: z.union([
    z.array(z.union([z.string(), z.number()])),
    z.record(z.string(), z.union([z.string(), z.number()])),
  ]),
});

/**
 * YOLO detection labels (what `viscura export --format yolo` and YOLO tools write): a root data.yaml naming the
 * classes, and for an image `images/<path>` the file `labels/<path minus extension>.txt` with a line
 * `class cx cy w h` (fractions of the image) per box. Images outside images/ have no YOLO labels.
 */
export async function readYolo(
  root: string,
  keys: readonly string[],
  limit: number,
): Promise<{ file: string; table: SourceTable; problems: AnnotationProblem[] } | undefined> {
  const names = await listNames(root);
  const file = yoloDataNames.find((name) => names?.has(name));
  if (!file || !names) return undefined;
  let classes: Map<number, string>;
  try {
    const data = dataSchema.parse(
      parse(await readTextBounded(join(root, names.get(file) as string), limit, 'YOLO')),
    );
    classes = new Map(
      Array.isArray(data.names)
        ? data.names.map((name, i) => [i, String(name)])
        : Object.entries(data.names).map(([id, name]) => [Number(id), String(name)]),
    );
  } catch (error) {
    return {
      file,
      table: new Map(),
      problems: [{ file, reason: `not a YOLO data file: ${errorMessage(error)}` }],
    };
  }
  const table: SourceTable = new Map();
  const errors = rowErrors(file);
  let lines = 0;
  const run = pLimit(16);
  await Promise.all(
    keys
      .filter((key) => key.startsWith('images/'))
      .map((key) =>
        run(async () => {
          const labelFile = labelPathOf(key);
          const text = await readFile(join(root, ...labelFile.split('/')), 'utf8').catch(() => undefined);
          if (text === undefined) return;
          const objects: AnnotatedObject[] = [];
          text.split(/\r?\n/).forEach((line, i) => {
            if (line.trim() === '') return;
            lines++;
            const object = parseLine(line, classes);
            if (typeof object === 'string') errors.add(`${labelFile}:${i + 1}`, object);
            else objects.push(object);
          });
          table.set(key, { ...emptyAnnotation(), objects });
        }),
      ),
  );
  const problem = errors.problem(lines);
  return { file, table, problems: problem ? [problem] : [] };
}

function labelPathOf(key: string): string {
  const rest = key.slice('images/'.length);
  const dot = rest.lastIndexOf('.');
  return `labels/${dot > rest.lastIndexOf('/') ? rest.slice(0, dot) : rest}.txt`;
}

function parseLine(line: string, classes: Map<number, string>): AnnotatedObject | string {
  const parts = line.trim().split(/\s+/).map(Number);
  if (parts.length !== 5 || parts.some((v) => !Number.isFinite(v)))
    return 'a line is `class cx cy w h` (five numbers)';
  const [id, cx, cy, w, h] = parts;
  const label = classes.get(id);
  if (label === undefined) return `class ${id} is not in data.yaml names`;
  if (w <= 0 || h <= 0) return 'a box needs a positive width and height';
  return { label, box: { unit: 'norm', x: cx - w / 2, y: cy - h / 2, w, h } };
}

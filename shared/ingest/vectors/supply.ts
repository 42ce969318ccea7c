import { stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import pLimit from 'p-limit';
import { checkPrecomputedName } from '../../embed/index.ts';
import { VisibleError } from '../../errors/index.ts';
import type { StoreModel } from '../../store/index.ts';
import { readVectorLines } from './jsonl.ts';
import { ROOT_VECTOR_FILES, vectorSidecarKey } from './names.ts';
import { readVectorParquet } from './parquet.ts';
import { suppliedModelName } from './schema.ts';
import { folderSidecars } from './sidecar.ts';
import type { VectorTable } from './table.ts';
import type { VectorFileProblem, VectorSupply } from './types.ts';

export interface FolderVectorOptions {
  /** `--vectors FILE`; otherwise `embeddings.parquet` or `embeddings.jsonl` at the root, when there is one. */
  file?: string;
  /** `--model-name`; otherwise the one model the file names, or the store's supplied model. */
  model?: string;
  /** The model of the vectors the store already holds, when they were supplied. */
  stored?: StoreModel;
}

export interface FolderVectors {
  supply: VectorSupply;
  /** The vectors file read, if any (sidecars are read per image). */
  file?: VectorTable;
}

/**
 * The vectors for a folder, or undefined when none are supplied (the images are then embedded as usual).
 * A file is read whole up front (its vectors as float32: 4 x dimension bytes per image); sidecars per image.
 */
export async function openFolderVectors(
  root: string,
  keys: readonly string[],
  options: FolderVectorOptions,
): Promise<FolderVectors | undefined> {
  const path = options.file ? resolve(options.file) : await rootVectorFile(root);
  const file = path ? await readVectorFile(path) : undefined;
  const sidecars = folderSidecars(root);
  const model =
    checkedName(options.model, '--model-name') ??
    (file ? modelOfFile(file) : undefined) ??
    options.stored?.id ??
    (await modelOfFirstSidecar(root, keys));
  if (model === undefined) {
    if (file) throw unnamed(`${file.file} names no model`);
    return undefined;
  }
  checkPrecomputedName(model);
  const supply: VectorSupply = {
    model,
    dimension: file?.commonDimension(model),
    missing: (key) =>
      file
        ? ` in ${file.file} or ${vectorSidecarKey(key)}`
        : `: "${model}" vectors come with the images; pass --vectors FILE, put embeddings.parquet or embeddings.jsonl at the folder root, or write ${vectorSidecarKey(key)}`,
    async get(key) {
      const entry = file?.entries.get(key) ?? file?.refused.get(key);
      return entry ?? sidecars(key);
    },
  };
  return { supply, file };
}

/** Keys of the vectors file that match no image of the folder: reported, since they were probably meant for one. */
export function unmatchedKeys(file: VectorTable, present: ReadonlySet<string>): VectorFileProblem[] {
  return file
    .keys()
    .filter((key) => !present.has(key))
    .map((key) => ({ where: `${file.file}: ${key}`, reason: 'no image with this key in the folder' }));
}

async function rootVectorFile(root: string): Promise<string | undefined> {
  const found: string[] = [];
  for (const name of ROOT_VECTOR_FILES) {
    if ((await stat(join(root, name)).catch(() => undefined))?.isFile()) found.push(name);
  }
  if (found.length > 1) {
    throw new VisibleError(
      `${root} holds both ${found.join(' and ')}: keep one, or choose with --vectors FILE.`,
      'invalid_vectors',
    );
  }
  return found.length === 1 ? join(root, found[0]) : undefined;
}

async function readVectorFile(path: string): Promise<VectorTable> {
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) throw new VisibleError(`The vectors file ${path} does not exist.`, 'not_found');
  const name = basename(path);
  if (/\.parquet$/i.test(name)) return readVectorParquet(path, name);
  if (/\.jsonl$/i.test(name)) return readVectorLines(path, name);
  throw new VisibleError(
    `${name}: vectors are read from a .parquet or a .jsonl file (one {"key", "vector"} object per line).`,
    'invalid_vectors',
  );
}

function modelOfFile(file: VectorTable): string | undefined {
  const models = [...file.models().keys()];
  if (models.length > 1) {
    throw new VisibleError(
      `${file.file} holds vectors of ${models.length} models (${models.slice(0, 5).join(', ')}); one dataset holds one model's vectors: choose one with --model-name NAME.`,
      'model_mismatch',
    );
  }
  return models[0];
}

/** Sidecars alone may name their model; without a file or a flag, the first one found speaks for them. */
async function modelOfFirstSidecar(root: string, keys: readonly string[]): Promise<string | undefined> {
  const limit = pLimit(16);
  const found = await Promise.all(
    keys.map((key) =>
      limit(async () =>
        (await stat(join(root, vectorSidecarKey(key))).catch(() => undefined))?.isFile() ? key : undefined,
      ),
    ),
  );
  const first = found.find((key) => key !== undefined);
  if (first === undefined) return undefined;
  const entry = await folderSidecars(root)(first);
  const model = entry && 'vector' in entry ? entry.model : undefined;
  if (model === undefined) throw unnamed(`${vectorSidecarKey(first)} names no model`);
  return model;
}

function checkedName(name: string | undefined, flag: string): string | undefined {
  if (name === undefined) return undefined;
  const parsed = suppliedModelName.safeParse(name);
  if (!parsed.success) {
    throw new VisibleError(`${flag} "${name}": ${parsed.error.issues[0]?.message}`, 'invalid_model_name');
  }
  return parsed.data;
}

function unnamed(what: string): VisibleError {
  return new VisibleError(
    `${what}: say which model made the vectors with --model-name NAME (it is recorded with them, and vectors of another model are refused later).`,
    'invalid_vectors',
  );
}

/** The supply of a store whose model viscura cannot run, when none was given: every new image is told why. */
export function missingVectors(model: { modelId: string; dimension: number }): VectorSupply {
  return {
    model: model.modelId,
    dimension: model.dimension,
    missing: (key) =>
      `: the dataset's "${model.modelId}" vectors come with the images; add this one to embeddings.parquet or embeddings.jsonl at the folder root, pass --vectors FILE, or put ${vectorSidecarKey(key)} beside it`,
    get: async () => undefined,
  };
}

/** For the watcher: a store of supplied vectors takes each new image's vector from its sidecar. */
export function sidecarSupply(root: string, model: { modelId: string; dimension: number }): VectorSupply {
  return {
    model: model.modelId,
    dimension: model.dimension,
    missing: (key) =>
      `: the dataset's "${model.modelId}" vectors come with the images; put ${vectorSidecarKey(key)} beside it (the image is ingested when it lands)`,
    get: folderSidecars(root),
  };
}

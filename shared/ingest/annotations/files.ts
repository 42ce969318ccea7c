import { posix } from 'node:path';

/** JSON, JSONL and CSV files carry annotations (or nothing we ingest): they are never images. */
const annotationExtension = /\.(json|jsonl|csv)$/i;
/**
 * YOLO's files: label .txt under a labels/ folder, the root split lists an export writes and the root data.yaml.
 * Any other .txt (notes.txt) is still counted as "not an image".
 */
const yoloFile = /(^|\/)labels\/.+\.txt$|^(train|val|valid|test|files)\.txt$|^[^/]+\.ya?ml$/i;

export function isAnnotationFile(key: string): boolean {
  return annotationExtension.test(key) || yoloFile.test(key);
}

/** Root-level manifests, in precedence order. */
export const manifestNames = ['manifest.jsonl', 'manifest.csv', 'annotations.jsonl', 'annotations.csv'];

/** Names that are COCO files by convention; any other root JSON counts when it has images + annotations. */
export function isCocoName(name: string): boolean {
  return /^(annotations\.json|(instances|captions)[^/]*\.json)$/i.test(name);
}

/** The folder under the root where COCO exports keep their JSON (`annotations/instances_val2017.json`). */
export const cocoFolder = 'annotations';

/** Keys are relative to the root, with forward slashes and NFC names, so every source compares alike. */
export function normaliseKey(key: string): string {
  const slashed = key.replaceAll('\\', '/').normalize('NFC');
  return posix
    .normalize(slashed)
    .replace(/^(\.\/)+/, '')
    .replace(/^\/+/, '');
}

/** Sidecar names for an image file, most specific first: `photo.jpg.json`, then `photo.json`. */
export function sidecarNames(fileName: string): string[] {
  const dot = fileName.lastIndexOf('.');
  const stem = dot > 0 ? fileName.slice(0, dot) : fileName;
  return stem === fileName ? [`${fileName}.json`] : [`${fileName}.json`, `${stem}.json`];
}

/** The same, as keys relative to the root. */
export function sidecarKeys(imageKey: string): string[] {
  const { dir } = splitKey(imageKey);
  const names = sidecarNames(splitKey(imageKey).name);
  return dir ? names.map((name) => `${dir}/${name}`) : names;
}

/**
 * The image keys a sidecar may annotate, for a watcher that sees the sidecar land after its image:
 * `a/photo.jpg.json` names `a/photo.jpg`; `a/photo.json` names every image `a/photo.*`.
 */
export function imageKeysForSidecar(sidecarKey: string, knownKeys: Iterable<string>): string[] {
  const key = normaliseKey(sidecarKey);
  const found: string[] = [];
  for (const candidate of knownKeys) {
    if (!isAnnotationFile(candidate) && sidecarKeys(candidate).includes(key)) found.push(candidate);
  }
  return found;
}

export function splitKey(key: string): { dir: string; name: string } {
  const slash = key.lastIndexOf('/');
  return slash < 0 ? { dir: '', name: key } : { dir: key.slice(0, slash), name: key.slice(slash + 1) };
}

const imageExtension = /\.(jpe?g|jfif|png|webp|gif|tiff?|avif|hei[cf]|bmp|jxl|svg)$/i;

/** By name only: used to judge a folder's layout, never to decide what gets ingested. */
export function looksLikeImage(name: string): boolean {
  return imageExtension.test(name);
}

/** The folder an image sits in, as a folder-per-class label; null at the root. */
export function parentFolder(key: string): string | null {
  const { dir } = splitKey(key);
  return dir === '' ? null : dir.slice(dir.lastIndexOf('/') + 1);
}

import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { readCoco } from './coco.ts';
import {
  cocoFolder,
  isAnnotationFile,
  isCocoName,
  looksLikeImage,
  manifestNames,
  sidecarNames,
} from './files.ts';
import { readManifest } from './manifest.ts';
import type { SourceTable } from './rows.ts';
import type { AnnotationLimits, AnnotationProblem } from './types.ts';

/** One root-level annotation file, read. */
export interface FileSource {
  file: string;
  kind: 'manifest' | 'coco' | 'yolo';
  table: SourceTable;
}

export interface RootSources {
  manifests: FileSource[];
  coco: FileSource[];
  problems: AnnotationProblem[];
  layout: RootLayout;
}

export interface RootLayout {
  /** A manifest or COCO file by name, or an `annotations/` folder: the dataset says what its labels are. */
  hasSourceFiles: boolean;
  /** Images directly at the root: then folders are not classes. */
  hasImages: boolean;
}

interface Entry {
  name: string;
  real: string;
  isFile: boolean;
}

/**
 * Manifests and COCO files live at the root (COCO also in `annotations/`). A root JSON that is a sidecar of a
 * file beside it is left to the sidecar reader.
 */
export async function readRootSources(root: string, limits: AnnotationLimits): Promise<RootSources> {
  const entries = await listEntries(root);
  const problems: AnnotationProblem[] = [];
  const manifests: FileSource[] = [];
  for (const wanted of manifestNames) {
    const entry = entries.find((candidate) => candidate.isFile && candidate.name.toLowerCase() === wanted);
    if (!entry) continue;
    const result = await readManifest(join(root, entry.real), entry.name, limits.manifestBytes);
    problems.push(...result.problems);
    manifests.push({ file: entry.name, kind: 'manifest', table: result.table });
  }

  const coco: FileSource[] = [];
  const folder = entries.find((entry) => !entry.isFile && entry.name === cocoFolder);
  const places = [{ prefix: '', dir: root, entries }];
  if (folder) places.push({ prefix: `${cocoFolder}/`, dir: join(root, folder.real), entries: [] });
  for (const place of places) {
    const listed = place.prefix ? await listEntries(place.dir) : place.entries;
    for (const entry of cocoCandidates(listed)) {
      const file = `${place.prefix}${entry.name}`;
      const result = await readCoco(
        join(place.dir, entry.real),
        file,
        limits.cocoBytes,
        isCocoName(entry.name),
      );
      if (!result) continue;
      problems.push(...result.problems);
      coco.push({ file, kind: 'coco', table: result.table });
    }
  }
  return { manifests, coco, problems, layout: layoutOf(entries) };
}

export async function inspectRoot(root: string): Promise<RootLayout> {
  return layoutOf(await listEntries(root));
}

function layoutOf(entries: Entry[]): RootLayout {
  const files = entries.filter((entry) => entry.isFile);
  return {
    hasSourceFiles:
      files.some((f) => manifestNames.includes(f.name.toLowerCase()) || isCocoName(f.name)) ||
      entries.some((entry) => !entry.isFile && entry.name === cocoFolder),
    hasImages: files.some((f) => looksLikeImage(f.name)),
  };
}

function cocoCandidates(entries: Entry[]): Entry[] {
  const files = entries.filter((entry) => entry.isFile);
  const sidecars = new Set(
    files.filter((f) => !isAnnotationFile(f.name)).flatMap((f) => sidecarNames(f.name)),
  );
  return files.filter((entry) => /\.json$/i.test(entry.name) && !sidecars.has(entry.name));
}

/** Sorted, visible entries with NFC names; a symlink counts by what it points to. */
async function listEntries(dir: string): Promise<Entry[]> {
  const dirents = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const entries = await Promise.all(
    dirents
      .filter((dirent) => !dirent.name.startsWith('.'))
      .map(async (dirent) => ({
        name: dirent.name.normalize('NFC'),
        real: dirent.name,
        isFile: dirent.isSymbolicLink()
          ? await stat(join(dir, dirent.name)).then(
              (target) => target.isFile(),
              () => false,
            )
          : dirent.isFile(),
      })),
  );
  return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

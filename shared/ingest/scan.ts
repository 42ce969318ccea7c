import type { Dirent, Stats } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { errorMessage, VisibleError } from '../errors/index.ts';
import { keyProblem } from '../store/index.ts';
import { isAnnotationFile } from './annotations/index.ts';
import { nameToKey } from './names.ts';
import { isVectorFile } from './vectors/index.ts';

export interface ScannedFile {
  /** Relative to the root, forward slashes, NFC: the same file has the same key on every system. */
  key: string;
  /** Where to read it: the name as it is on disk (bytes, when a name on the way is not valid UTF-8). */
  path: string | Buffer;
  size: number;
  mtimeMs: number;
}

/** An entry that was skipped and why: unreadable folder, broken or looping link, not a regular file. */
export type ScanProblem = {
  key: string;
  reason: string;
};

export interface ScanOptions {
  /** Follow symbolic links to files and folders; off by default, and each link skipped is reported. */
  followSymlinks?: boolean;
  onProblem?(problem: ScanProblem): void;
}

/** Entries stat'ed at once within one folder. */
const statBatch = 64;

/**
 * Every regular file under `root` except hidden ones (a name starting with "."), annotation and vector files, depth
 * first, each folder's entries in code-point order of their NFC names, so two scans of one tree agree.
 * Non-images are yielded too: the pipeline reports them as failures. Nothing here throws for one bad entry.
 */
export async function* scanFolder(root: string, options: ScanOptions = {}): AsyncGenerator<ScannedFile> {
  const info = await stat(root).catch((error: unknown) => {
    throw new VisibleError(`Cannot read the folder ${root}: ${errorMessage(error)}`, 'not_found', {
      cause: error,
    });
  });
  if (!info.isDirectory())
    throw new VisibleError(`${root} is a file, not a folder of images.`, 'not_a_folder');
  const walker = { follow: options.followSymlinks ?? false, report: options.onProblem ?? (() => {}) };
  // Folders already walked, by device and inode: a symlink back up the tree is seen, not followed forever.
  const visited = new Set<string>([identity(info)]);
  yield* walk(root, '', visited, walker);
}

interface Walker {
  follow: boolean;
  report(problem: ScanProblem): void;
}

/** What one entry turned out to be; problems come back too, so they are reported in scan order. */
type Found =
  | { kind: 'file'; file: ScannedFile }
  | { kind: 'dir'; path: string | Buffer; key: string; stats: Stats }
  | { kind: 'problem'; problem: ScanProblem }
  | null;

async function* walk(
  dir: string | Buffer,
  prefix: string,
  visited: Set<string>,
  walker: Walker,
): AsyncGenerator<ScannedFile> {
  let dirents: Dirent<Buffer>[];
  try {
    // Names as bytes: one that is not valid UTF-8 would otherwise come back with U+FFFD in it, unreadable.
    dirents = await readdir(dir, { withFileTypes: true, encoding: 'buffer' });
  } catch (error) {
    walker.report({
      key: prefix === '' ? '.' : prefix.slice(0, -1),
      reason: `cannot list folder: ${errorMessage(error)}`,
    });
    return;
  }
  const entries = dirents
    .filter((dirent) => dirent.name[0] !== DOT)
    .map((dirent) => ({ dirent, key: prefix + nameToKey(dirent.name).text }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .filter((entry, i, sorted) => {
      // Two names on disk that differ only in Unicode composition would share a key: keep the first.
      if (i === 0 || sorted[i - 1].key !== entry.key) return true;
      walker.report({
        key: entry.key,
        reason: 'another entry has the same name once Unicode-normalised; skipped',
      });
      return false;
    });

  for (let start = 0; start < entries.length; start += statBatch) {
    const batch = entries.slice(start, start + statBatch);
    const found = await Promise.all(batch.map(({ dirent, key }) => inspect(dir, dirent, key, walker.follow)));
    for (const item of found) {
      if (item?.kind === 'file') yield item.file;
      else if (item?.kind === 'problem') walker.report(item.problem);
      else if (item?.kind === 'dir') {
        const id = identity(item.stats);
        if (visited.has(id)) {
          walker.report({
            key: item.key,
            reason: 'link to a folder already scanned (a loop or a second route); skipped',
          });
          continue;
        }
        visited.add(id);
        yield* walk(item.path, `${item.key}/`, visited, walker);
      }
    }
  }
}

async function inspect(
  dir: string | Buffer,
  dirent: Dirent<Buffer>,
  key: string,
  follow: boolean,
): Promise<Found> {
  const path = childPath(dir, dirent.name);
  const link = dirent.isSymbolicLink();
  if (link && !follow) return problem(key, 'symbolic link, not followed (followSymlinks is off)');
  if (!link && !dirent.isDirectory() && !dirent.isFile()) return problem(key, 'not a regular file');
  let stats: Stats;
  try {
    stats = await stat(path);
  } catch (error) {
    return problem(key, link ? `broken symbolic link: ${errorMessage(error)}` : errorMessage(error));
  }
  if (stats.isDirectory()) return { kind: 'dir', path, key, stats };
  if (!stats.isFile()) return problem(key, 'not a regular file');
  if (isAnnotationFile(key) || isVectorFile(key)) return null;
  // Refused here, with the reason, rather than stored under a key whose original could never be served.
  const unusable = keyProblem(key);
  if (unusable) return problem(key, `the file's path cannot be a key (${unusable}): rename it`);
  return { kind: 'file', file: { key, path, size: stats.size, mtimeMs: stats.mtimeMs } };
}

const DOT = 0x2e;

/** A path stays a string while every name on it is UTF-8; past one that is not, it is bytes. */
function childPath(dir: string | Buffer, name: Buffer): string | Buffer {
  if (typeof dir === 'string' && nameToKey(name).utf8) return join(dir, name.toString('utf8'));
  return Buffer.concat([typeof dir === 'string' ? Buffer.from(dir) : dir, Buffer.from('/'), name]);
}

function problem(key: string, reason: string): Found {
  return { kind: 'problem', problem: { key, reason } };
}

function identity(stats: Stats): string {
  return `${stats.dev}:${stats.ino}`;
}

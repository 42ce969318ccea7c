import { join } from 'node:path';
import { errorMessage } from '../../errors/index.ts';
import { sidecarNames, splitKey } from './files.ts';
import { listNames, resolveDir } from './paths.ts';
import { readTextBounded } from './read.ts';
import { describeIssues, sidecarSchema } from './schema.ts';
import type { Annotation, AnnotationProblem } from './types.ts';

/** Parallel reads; sidecars are tiny, so the cost is latency, not bandwidth. */
const concurrency = 16;

export interface SidecarResult {
  annotations: Map<string, Annotation>;
  problems: AnnotationProblem[];
}

/** Each folder is listed once, so images without a sidecar cost no extra file-system calls. */
export async function loadSidecars(root: string, keys: string[], limit: number): Promise<SidecarResult> {
  const byDir = new Map<string, string[]>();
  for (const key of keys) {
    const { dir } = splitKey(key);
    const list = byDir.get(dir);
    if (list) list.push(key);
    else byDir.set(dir, [key]);
  }
  const jobs: { key: string; path: string; file: string }[] = [];
  for (const [dir, dirKeys] of byDir) {
    const real = await resolveDir(root, dir);
    const names = real === undefined ? undefined : await listNames(real);
    if (!real || !names) continue;
    for (const key of dirKeys) {
      const name = sidecarNames(splitKey(key).name).find((candidate) => names.has(candidate));
      if (name)
        jobs.push({ key, path: join(real, names.get(name) as string), file: dir ? `${dir}/${name}` : name });
    }
  }

  const annotations = new Map<string, Annotation>();
  const problems: AnnotationProblem[] = [];
  const seen = new Set<string>();
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const job = jobs[next++];
      const result = await readSidecar(job.path, job.file, limit);
      if ('annotation' in result) annotations.set(job.key, result.annotation);
      // `photo.json` may serve photo.jpg and photo.png: report it once.
      else if (!seen.has(job.file)) {
        seen.add(job.file);
        problems.push(result.problem);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, jobs.length) }, worker));
  problems.sort((a, b) => (a.file < b.file ? -1 : 1));
  return { annotations, problems };
}

export async function readSidecar(
  path: string,
  file: string,
  limit: number,
): Promise<{ annotation: Annotation } | { problem: AnnotationProblem }> {
  let value: unknown;
  try {
    value = JSON.parse(await readTextBounded(path, limit, 'sidecar'));
  } catch (error) {
    return { problem: { file, reason: errorMessage(error) } };
  }
  const parsed = sidecarSchema.safeParse(value);
  if (!parsed.success) return { problem: { file, reason: describeIssues(parsed.error) } };
  return { annotation: parsed.data };
}

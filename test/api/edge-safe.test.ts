import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Packages that cannot load in workerd (native addons) and Node built-ins the Worker lacks. */
const NATIVE = [
  '@lancedb/lancedb',
  'sharp',
  'onnxruntime-node',
  'usearch',
  'apache-arrow',
  '@hono/node-server',
];

/** Every module reachable from an entry by static imports: relative files followed, packages collected. */
async function graph(entry: string): Promise<{ files: Set<string>; packages: Set<string> }> {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = async (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const text = await readFile(file, 'utf8');
    for (const match of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+'([^']+)'/g)) {
      const spec = match[1];
      if (spec.startsWith('.')) await visit(resolve(dirname(file), spec));
      else packages.add(spec);
    }
  };
  await visit(resolve(entry));
  return { files, packages };
}

describe('what the edge Worker imports', () => {
  for (const entry of ['shared/api/index.ts', 'shared/keys/index.ts']) {
    it(`${entry} reaches no native module and no Node built-in`, async () => {
      const { files, packages } = await graph(entry);
      const offending = [...packages].filter(
        (name) =>
          name.startsWith('node:') ||
          NATIVE.some((native) => name === native || name.startsWith(`${native}/`)),
      );
      expect(offending).toEqual([]);
      expect([...files].some((file) => file.includes('/api/lance/'))).toBe(false);
      expect(files.size).toBeGreaterThan(entry.includes('api') ? 15 : 2);
    });
  }
});

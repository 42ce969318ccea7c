import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { loadConfig } from '../../shared/config/index.ts';
import { type FolderIngestOptions, ingestFolder } from '../../shared/ingest/index.ts';
import { silentLogger } from '../../shared/log/index.ts';
import { openRuntime, type Runtime } from '../../shared/runtime/index.ts';

/** A temporary data directory with an empty folder to ingest, and the runtime over it; new for every test. */
export interface IngestFixture {
  root: string;
  inbox: string;
  runtime: Runtime;
  /** Ingests the folder with the runtime's embedder. */
  ingest(options?: FolderIngestOptions): ReturnType<typeof ingestFolder>;
}

/** Registers the hooks that make and remove the fixture around each test of the calling file. */
export function useIngestFixture(name: string, prepare?: (inbox: string) => Promise<void>): IngestFixture {
  const fx = {
    async ingest(options?: FolderIngestOptions) {
      return ingestFolder(fx.inbox, fx.runtime.ingestContext(await fx.runtime.embedder()), options);
    },
  } as IngestFixture;
  beforeEach(async () => {
    fx.root = await mkdtemp(join(tmpdir(), `viscura-${name}-`));
    fx.inbox = join(fx.root, 'inbox');
    await mkdir(fx.inbox, { recursive: true });
    await prepare?.(fx.inbox);
    fx.runtime = await openRuntime(
      loadConfig({ env: {}, overrides: { dataDir: join(fx.root, 'data'), logLevel: 'silent' } }),
      silentLogger,
    );
  });
  afterEach(async () => {
    await fx.runtime.close();
    await rm(fx.root, { recursive: true, force: true });
  });
  return fx;
}

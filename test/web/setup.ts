import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { type RunningServer, startServer } from '../../shared/adapters/node/index.ts';
import { loadConfig } from '../../shared/config/index.ts';
import { curateDataset } from '../../shared/curate/index.ts';
import { ingestFolder } from '../../shared/ingest/index.ts';
import { fileKeyStore } from '../../shared/keys/file.ts';
import { silentLogger } from '../../shared/log/index.ts';
import { openRuntime, type Runtime } from '../../shared/runtime/index.ts';
import { openCurationStore } from '../../shared/store/index.ts';
import { generateSampleImages } from '../helpers/images.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const CHROMIUM = '/usr/bin/chromium';
/** Without the background-networking flags Chromium's own connections are refused here and it stalls. */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** Screenshots of the main views, kept after the run (git-ignored) so they can be looked at. */
export const SCREENSHOTS = join(REPO, 'test/.tmp/web-screenshots');

export interface ExplorerFixture {
  dir: string;
  runtime: Runtime;
  server: RunningServer;
  key: string;
  inbox: string;
  context: BrowserContext;
  api<T>(path: string, init?: RequestInit): Promise<T>;
  /** A page that records its console errors and uncaught exceptions. */
  newPage(): Promise<{ page: Page; errors: string[] }>;
  /** Opens the page with the key in the link (as `npm start` prints it) and waits for the overview's counts. */
  signIn(page: Page): Promise<void>;
  cleanup(): Promise<void>;
}

/**
 * A real dataset (the generated sample set, one image annotated with a caption, tags and two boxes) ingested and
 * curated by the real engine, the Node server over it serving a fresh build of the page, and headless Chromium.
 */
export async function explorerFixture(): Promise<ExplorerFixture> {
  const dir = await mkdtemp(join(tmpdir(), 'viscura-web-'));
  const config = loadConfig({ env: {}, overrides: { dataDir: dir, dataset: 'pets', logLevel: 'silent' } });
  const runtime = await openRuntime(config, silentLogger);
  const inbox = config.inbox;
  const dist = join(dir, 'web-dist');
  const built = buildPage(dist);
  // More than one listing page (48), so that scrolling loads the next one.
  await generateSampleImages(inbox, { count: 60 });
  await annotateOne(inbox);
  const embedder = await runtime.embedder();
  await ingestFolder(inbox, runtime.ingestContext(embedder));
  const curation = await openCurationStore(config.dbUri, { log: silentLogger });
  await curateDataset(
    { store: runtime.store, curation, bucket: runtime.bucket, log: silentLogger, config, embedder },
    { dataset: 'pets', kind: 'full' },
  );
  curation.close();
  const keys = fileKeyStore(join(dir, 'api-keys.json'));
  const { key } = await keys.create({ datasets: null, name: 'browser' });
  await built;
  const server = await startServer(runtime, { port: 0, keys, ensureKey: false, staticRoot: dist });
  const profile = join(dir, 'chromium-profile');
  await mkdir(SCREENSHOTS, { recursive: true });
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    acceptDownloads: true,
    viewport: { width: 1280, height: 900 },
  });
  return {
    dir,
    runtime,
    server,
    key,
    inbox,
    context,
    async api<T>(path: string, init: RequestInit = {}) {
      const headers = new Headers(init.headers);
      headers.set('authorization', `Bearer ${key}`);
      const response = await fetch(`${server.url}${path}`, { ...init, headers });
      if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
      const type = response.headers.get('content-type') ?? '';
      return (type.startsWith('application/json') ? await response.json() : await response.text()) as T;
    },
    async newPage() {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(String(error)));
      return { page, errors };
    },
    async signIn(page) {
      await page.goto(`${server.url}/#key=${key}`);
      await page.locator('[data-fact="images"]').waitFor();
    },
    async cleanup() {
      await context.close().catch(() => undefined);
      await server.close();
      await runtime.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Waits until the grid has finished its request and shows cards (or says nothing matches). */
export async function gridSettled(page: Page): Promise<void> {
  await page.locator('.grid:not([aria-busy])').waitFor();
  await page.locator('.grid .card, .grid .empty').first().waitFor();
}

/** A fresh build of the page's source, so the test checks what the working tree would ship. */
async function buildPage(outDir: string): Promise<void> {
  const { build } = await import('vite');
  await build({
    configFile: join(REPO, 'web/vite.config.ts'),
    logLevel: 'silent',
    build: { outDir, emptyOutDir: true },
  });
}

/** A sidecar on the first image of the first class folder: caption, tags and two boxes. */
async function annotateOne(inbox: string): Promise<void> {
  const [folder] = (await readdir(inbox)).sort();
  const [file] = (await readdir(join(inbox, folder))).sort();
  const sidecar = {
    caption: 'a striped pattern under a red lamp',
    tags: ['indoor', 'featured'],
    objects: [
      { label: 'lamp', box: { x: 0.1, y: 0.1, w: 0.4, h: 0.4 } },
      { label: 'stripe', box: { x: 0.5, y: 0.5, w: 0.4, h: 0.4 } },
    ],
  };
  await writeFile(join(inbox, folder, `${file}.json`), JSON.stringify(sidecar));
}

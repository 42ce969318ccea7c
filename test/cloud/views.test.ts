import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { curateDataset } from '../../shared/curate/index.ts';
import { curationDeps } from '../../shared/runtime/curation-deps.ts';
import { openRuntimeViews } from '../../shared/runtime/views.ts';
import { openCurationStore } from '../../shared/store/index.ts';
import { verifySignature } from '../../shared/views/index.ts';
import { scene } from '../helpers/images.ts';
import { type WebhookReceiver, webhookReceiver } from '../helpers/webhook-receiver.ts';
import {
  type IngestFunction,
  ingestFunction,
  s3Event,
  s3Record,
  type TempBucket,
  tempBucket,
} from './helpers.ts';

const SECRET = 'cloud-secret-0123456789';
const owner = { keyId: 'cli', datasets: null };

let temp: TempBucket;
let fn: IngestFunction;
let hook: WebhookReceiver;

// Saved views on the cloud path: the ingest function (S3 events on radosgw, tables on S3) checks them after each
// batch, as a local ingest does, and a redelivered event alerts nobody twice.
beforeAll(async () => {
  hook = await webhookReceiver();
  temp = await tempBucket('views');
  fn = await ingestFunction({ ...temp.env, VISCURA_WEBHOOKS_ALLOW: `${new URL(hook.url).origin}/hooks/` });
});
afterAll(async () => {
  await fn?.close();
  await temp?.cleanup();
  await hook?.close();
});

async function upload(key: string, seed: number) {
  await temp.put(key, await scene(seed, 'circles', 320, 240));
  const started = Date.now();
  const report = await fn.handle(s3Event(s3Record(temp.name, key)));
  return { report, started };
}

describe('saved views on the cloud path', () => {
  it('alerts once, signed, when an S3 upload adds a match, and not again for a redelivered event', async () => {
    await upload('images/cats/a.png', 1);
    const { runtime } = fn;
    const curation = await openCurationStore(runtime.config.dbUri, {
      log: runtime.log,
      storageOptions: runtime.storageOptions,
    });
    const views = await openRuntimeViews(runtime, curation);
    try {
      const saved = await views.create('default', {
        name: 'cats',
        query: 'label:cats',
        webhook: { url: hook.url, secret: SECRET },
        owner,
      });
      expect(saved.total).toBe(1);

      hook.failNext(1);
      const { report, started } = await upload('images/cats/b.png', 2);
      expect(report).toMatchObject({ ingested: 1, failed: [] });
      // The function's own check delivered it before the handler returned, retrying the failed first try.
      expect(hook.received.map((r) => r.status)).toEqual([503, 200]);
      expect(hook.received[1].at).toBeGreaterThanOrEqual(started);
      const body = JSON.parse(hook.received[1].body);
      expect(body).toMatchObject({ type: 'view.new_matches', view: 'cats', newMatches: 1 });
      expect(
        verifySignature(
          SECRET,
          hook.received[1].body,
          hook.received[1].headers['x-viscura-signature'] as string,
        ),
      ).toBe(true);

      // S3 delivers at least once: the same event again writes nothing and alerts nobody.
      const again = await fn.handle(s3Event(s3Record(temp.name, 'images/cats/b.png')));
      expect(again).toMatchObject({ ingested: 0, unchanged: 1 });
      await upload('images/dogs/c.png', 3); // another label: no new match
      expect(hook.received).toHaveLength(2);
      expect(hook.accepted().size).toBe(1);
      expect(await views.alerts('default', 'cats')).toMatchObject([{ status: 'delivered', newMatches: 1 }]);
    } finally {
      views.close();
      curation.close();
    }
  });

  it('alerts after a curation run on S3 when the run, not the upload, makes new matches', async () => {
    const deps = await curationDeps(fn.runtime);
    const views = await openRuntimeViews(fn.runtime, deps.curation);
    try {
      await views.create('default', {
        name: 'copies',
        query: 'dup:any',
        webhook: { url: hook.url, secret: SECRET },
        owner,
      });
      // A copy of an image already there (in another folder, so the cats view does not match it): no curation has judged it yet, so the upload's own check finds nothing.
      const before = hook.accepted().size;
      await temp.put('images/copies/a-copy.png', await scene(1, 'circles', 320, 240));
      await fn.handle(s3Event(s3Record(temp.name, 'images/copies/a-copy.png')));
      expect(hook.accepted().size).toBe(before);
      const result = await curateDataset(deps, { dataset: 'default', kind: 'full' });
      const copies = result.views.find((v) => v.name === 'copies');
      expect(copies?.newMatches).toBeGreaterThanOrEqual(1);
      expect(hook.accepted().size).toBe(before + 1);
      const last = [...hook.accepted().values()].at(-1);
      expect(JSON.parse(last?.body ?? '{}')).toMatchObject({ type: 'view.new_matches', view: 'copies' });
    } finally {
      views.close();
      deps.curation.close();
    }
  });
});

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { curateDataset } from '../../shared/curate/index.ts';
import { silentLogger } from '../../shared/log/index.ts';
import { openRuntimeViews } from '../../shared/runtime/views.ts';
import { type Views, verifySignature } from '../../shared/views/index.ts';
import { scene } from '../helpers/images.ts';
import { type WebhookReceiver, webhookReceiver } from '../helpers/webhook-receiver.ts';
import { type SplitFixture, splitFixture } from './fixture.ts';

let fx: SplitFixture;
let hook: WebhookReceiver;
let views: Views;
const SECRET = 'test-secret-0123456789';

beforeAll(async () => {
  fx = await splitFixture();
  hook = await webhookReceiver();
  views = await viewsAllowing([`${new URL(hook.url).origin}/hooks/`]);
});
afterAll(async () => {
  views?.close();
  await hook?.close();
  await fx?.cleanup();
});

/** The fixture's runtime with webhooks to `allow` permitted and millisecond backoff. */
function viewsAllowing(allow: string[], attempts = 4): Promise<Views> {
  const config = {
    ...fx.config,
    views: { ...fx.config.views, allowWebhooks: allow, attempts, backoffMs: 1, maxBackoffMs: 5 },
  };
  return openRuntimeViews({ ...fx.runtime, config }, fx.curation);
}

async function addTestImage(name: string, seed: number): Promise<void> {
  await writeFile(join(fx.inbox, 'test', 'circles', name), await scene(seed, 'circles', 320, 240));
  await fx.ingest();
}

const owner = { keyId: 'cli', datasets: null };

describe('saved views with alerts', () => {
  it('records what a view matches when it is saved: only later matches are new', async () => {
    const saved = await views.create('splits', {
      name: 'test-split',
      query: 'split:test',
      webhook: { url: hook.url, secret: SECRET },
      owner,
    });
    expect(saved.total).toBe(4);
    expect(saved.secret).toBeNull(); // the caller chose it
    expect(saved.view.webhook).toEqual({ url: hook.url });
    expect(JSON.stringify(await views.list('splits'))).not.toContain(SECRET);
    const first = await views.check('splits', 'ingest');
    expect(first).toMatchObject([{ name: 'test-split', newMatches: 0, removed: 0, total: 4, alert: null }]);
    expect(hook.received).toHaveLength(0);
  });

  it('alerts once, signed, after an ingest adds a match, retrying a receiver that fails its first tries', async () => {
    hook.failNext(2);
    await addTestImage('new-0.png', 424_242);
    const [check] = await views.check('splits', 'ingest');
    expect(check).toMatchObject({ newMatches: 1, total: 5, alert: { status: 'delivered' } });
    const row = await fx.runtime.store.images.getByKey('splits', 'test/circles/new-0.png');
    expect(check.ids).toEqual([row?.id]);
    // Three tries, one idempotency key: the receiver acts on it exactly once.
    expect(hook.received.map((r) => r.status)).toEqual([503, 503, 200]);
    expect(new Set(hook.received.map((r) => r.headers['idempotency-key'])).size).toBe(1);
    expect(hook.accepted().size).toBe(1);
    for (const r of hook.received) {
      expect(verifySignature(SECRET, r.body, r.headers['x-viscura-signature'] as string)).toBe(true);
      expect(verifySignature('another-secret', r.body, r.headers['x-viscura-signature'] as string)).toBe(
        false,
      );
    }
    const body = JSON.parse(hook.received[2].body);
    expect(body).toMatchObject({
      type: 'view.new_matches',
      view: 'test-split',
      newMatches: 1,
      ids: [row?.id],
    });
    expect(body.id).toBe(hook.received[2].headers['idempotency-key']);
  });

  it('sends nothing again when the same event is processed twice', async () => {
    const before = hook.received.length;
    await fx.ingest(); // a redelivered event: the file is unchanged, nothing is written
    expect(await views.check('splits', 'ingest')).toMatchObject([{ newMatches: 0, alert: null }]);
    expect(hook.received).toHaveLength(before);
    expect(await views.alerts('splits', 'test-split')).toMatchObject([
      { status: 'delivered', newMatches: 1 },
    ]);
  });

  it('keeps an alert the receiver could not take and delivers it, once, at the next check', async () => {
    hook.failNext(100);
    await addTestImage('new-1.png', 515_151);
    const [down] = await views.check('splits', 'ingest');
    expect(down.alert?.status).toBe('pending');
    hook.failNext(0);
    const before = hook.accepted().size;
    // Nothing new matched since; the pending alert goes out on its own idempotency key.
    expect(await views.check('splits', 'curate')).toMatchObject([{ newMatches: 0 }]);
    expect(hook.accepted().size).toBe(before + 1);
    expect(hook.accepted().has(down.alert?.id as string)).toBe(true);
    expect((await views.alerts('splits')).map((a) => a.status)).toEqual(['delivered', 'delivered']);
  });

  it('lists the new matches in the report of the next curation run', async () => {
    await views.create('splits', { name: 'all-test', query: 'split:test', owner });
    await addTestImage('new-2.png', 616_161);
    const deps = {
      store: fx.runtime.store,
      curation: fx.curation,
      bucket: fx.runtime.bucket,
      log: silentLogger,
      config: fx.config,
      checkViews: (dataset: string, trigger: string) => views.check(dataset, trigger),
    };
    const result = await curateDataset(deps, { dataset: 'splits', kind: 'full' });
    expect(result.views.map((v) => [v.name, v.newMatches])).toEqual([
      ['all-test', 1],
      ['test-split', 1],
    ]);
    const report = JSON.parse(
      new TextDecoder().decode(
        (await fx.runtime.bucket.get(result.report?.dated.json as string)) ?? undefined,
      ),
    );
    expect(report.views.map((v: { name: string; newMatches: number }) => [v.name, v.newMatches])).toEqual([
      ['all-test', 1],
      ['test-split', 1],
    ]);
    expect(report.views[0].items[0].key).toBe('test/circles/new-2.png');
  });

  it('refuses webhooks the operator did not allow, plain http off this machine, and free text', async () => {
    const refuse = (url: string, allowed = views) =>
      allowed.create('splits', {
        name: `x${Math.random().toString(36).slice(2, 8)}`,
        query: 'split:val',
        webhook: { url },
        owner,
      });
    await expect(refuse('https://hooks.example.com/viscura')).rejects.toMatchObject({
      code: 'webhook_not_allowed',
    });
    await expect(refuse(`${new URL(hook.url).origin}/hooksx`)).rejects.toMatchObject({
      code: 'webhook_not_allowed',
    });
    await expect(
      refuse('http://10.0.0.5/hooks/a', await viewsAllowing(['http://10.0.0.5/hooks/'])),
    ).rejects.toMatchObject({
      code: 'invalid_webhook',
    });
    const none = await viewsAllowing([]);
    await expect(refuse(hook.url, none)).rejects.toThrow(/views\.allowWebhooks/);
    none.close();
    await expect(
      views.create('splits', { name: 'words', query: 'split:test sunset over mountains', owner }),
    ).rejects.toMatchObject({ code: 'invalid_query' });
    await expect(
      views.create('splits', { name: 'test-split', query: 'split:val', owner }),
    ).rejects.toMatchObject({
      code: 'view_exists',
    });
  });
});

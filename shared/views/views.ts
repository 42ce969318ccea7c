import { createHash, randomBytes } from 'node:crypto';
import { connect } from '@lancedb/lancedb';
import { errorMessage, VisibleError } from '../errors/index.ts';
import type { Logger } from '../log/index.ts';
import type { ViewFilters } from '../query/filters.ts';
import { parseQuery } from '../query/index.ts';
import { checkWebhookUrl } from './allow.ts';
import { type DeliveryOptions, deliver } from './deliver.ts';
import { ViewRegistry, viewKey } from './registry.ts';
import { type Alert, MAX_IDS, type PublicView, type SavedView, toPublic, type ViewCheck } from './types.ts';

export interface ViewsOptions {
  storageOptions?: Record<string, string>;
  log: Logger;
  /** Every id of the images a view's conditions match, in any order: the same view reader the API uses. */
  matches(dataset: string, filters: ViewFilters): AsyncIterable<string>;
  /** URL prefixes webhooks may go to (config `views.allowWebhooks`). */
  allowWebhooks: readonly string[];
  delivery: DeliveryOptions;
}

export interface NewView {
  name: string;
  query: string;
  webhook?: { url: string; secret?: string };
  owner: SavedView['owner'];
}

export interface Views {
  /** Saves the view and records what it matches now: only later matches are new. The secret is shown once. */
  create(
    dataset: string,
    input: NewView,
  ): Promise<{ view: PublicView; secret: string | null; total: number }>;
  list(dataset: string): Promise<PublicView[]>;
  get(dataset: string, name: string): Promise<PublicView | undefined>;
  delete(dataset: string, name: string): Promise<boolean>;
  /** After an ingest or a curation run: each view's new matches, an alert queued for each change, then sent. */
  check(dataset: string, trigger: string): Promise<ViewCheck[]>;
  /** Sends what is still pending (also done by every check). */
  deliverPending(dataset: string): Promise<Alert[]>;
  alerts(dataset: string, view?: string): Promise<Alert[]>;
  close(): void;
}

const NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;

export async function openViews(uri: string, options: ViewsOptions): Promise<Views> {
  const conn = await connect(uri, { storageOptions: options.storageOptions, readConsistencyInterval: 0 });
  const registry = new ViewRegistry(conn);

  const currentIds = async (dataset: string, query: string): Promise<Set<string>> => {
    const ids = new Set<string>();
    for await (const id of options.matches(dataset, conditionsOf(query))) ids.add(id);
    return ids;
  };

  const sendOne = async (alert: Alert, view: SavedView | undefined): Promise<Alert> => {
    if (!view?.webhook) {
      // The view was deleted (or lost its webhook) while the alert waited: nothing is left to send it to.
      const dropped: Alert = { ...alert, status: 'failed', lastError: 'the view was deleted' };
      await registry.update(dropped);
      return dropped;
    }
    try {
      checkWebhookUrl(view.webhook.url, options.allowWebhooks);
    } catch (error) {
      // The operator took the URL off the list after the view was saved: it is not sent there any more.
      const failed: Alert = { ...alert, status: 'failed', lastError: errorMessage(error) };
      await registry.update(failed);
      return failed;
    }
    const result = await deliver(alert, view.webhook, options.delivery);
    const next: Alert = { ...alert, ...result };
    await registry.update(next);
    if (next.status !== 'delivered')
      options.log.warn('view alert not delivered', {
        dataset: alert.dataset,
        view: alert.view,
        alert: alert.id,
        attempts: next.attempts,
        error: next.lastError,
      });
    return next;
  };

  const deliverPending = async (dataset: string): Promise<Alert[]> => {
    const views = new Map((await registry.list(dataset)).map((view) => [view.name, view]));
    const out: Alert[] = [];
    for (const alert of await registry.alerts(dataset, 'pending'))
      out.push(await sendOne(alert, views.get(alert.view)));
    return out;
  };

  return {
    async create(dataset, input) {
      if (!NAME.test(input.name))
        throw new VisibleError(
          `Invalid view name "${input.name}": lower-case letters, digits, "-" and "_", 1-64 characters.`,
          'invalid_view',
        );
      conditionsOf(input.query);
      if (input.webhook) checkWebhookUrl(input.webhook.url, options.allowWebhooks);
      if (await registry.get(dataset, input.name))
        throw new VisibleError(`Dataset "${dataset}" already has a view "${input.name}".`, 'view_exists');
      const secret = input.webhook ? (input.webhook.secret ?? randomBytes(32).toString('base64url')) : null;
      const view: SavedView = {
        dataset,
        name: input.name,
        query: input.query,
        webhook: input.webhook ? { url: input.webhook.url, secret: secret as string } : null,
        owner: input.owner,
        createdAt: new Date().toISOString(),
      };
      const ids = await currentIds(dataset, view.query);
      await registry.setMatches(dataset, view.name, ids);
      await registry.add(view);
      options.log.info('view saved', { dataset, view: view.name, matches: ids.size });
      return { view: toPublic(view), secret: input.webhook?.secret ? null : secret, total: ids.size };
    },
    list: async (dataset) => (await registry.list(dataset)).map(toPublic),
    async get(dataset, name) {
      const view = await registry.get(dataset, name);
      return view && toPublic(view);
    },
    async delete(dataset, name) {
      if (!(await registry.get(dataset, name))) return false;
      await registry.remove(dataset, name);
      return true;
    },
    async check(dataset, trigger) {
      const checks: ViewCheck[] = [];
      for (const view of await registry.list(dataset)) {
        checks.push(await checkView(registry, view, await currentIds(dataset, view.query), trigger));
      }
      const sent = new Map((await deliverPending(dataset)).map((alert) => [alert.id, alert.status]));
      return checks.map((check) =>
        check.alert
          ? { ...check, alert: { ...check.alert, status: sent.get(check.alert.id) ?? check.alert.status } }
          : check,
      );
    },
    deliverPending,
    async alerts(dataset, view) {
      const all = await registry.alerts(dataset);
      return view === undefined ? all : all.filter((alert) => alert.view === view);
    },
    close: () => registry.close(),
  };
}

/**
 * New matches = matched now, not at the last check. The alert is queued before the matches are recorded: a
 * crash in between, or the same event delivered again, reruns this with the same before/after and so the same
 * idempotency key, which the outbox already holds. At least once, never twice.
 */
async function checkView(
  registry: ViewRegistry,
  view: SavedView,
  now: Set<string>,
  trigger: string,
): Promise<ViewCheck> {
  const before = await registry.matches(view.dataset, view.name);
  const added = [...now].filter((id) => !before.has(id)).sort();
  const removed = [...before].filter((id) => !now.has(id)).length;
  const base = { name: view.name, query: view.query, newMatches: added.length, removed, total: now.size };
  if (added.length === 0 && removed === 0) return { ...base, ids: [], alert: null };
  let alert: ViewCheck['alert'] = null;
  if (added.length > 0 && view.webhook) {
    const queued: Alert = {
      id: idempotencyKey(view, before, added),
      dataset: view.dataset,
      view: view.name,
      query: view.query,
      trigger,
      newMatches: added.length,
      removed,
      total: now.size,
      ids: added.slice(0, MAX_IDS),
      createdAt: new Date().toISOString(),
      status: 'pending',
      attempts: 0,
      lastError: null,
      deliveredAt: null,
    };
    await registry.enqueue(queued);
    alert = { id: queued.id, status: 'pending' };
  }
  await registry.setMatches(view.dataset, view.name, now);
  return { ...base, ids: added.slice(0, MAX_IDS), alert };
}

function idempotencyKey(view: SavedView, before: Set<string>, added: string[]): string {
  const hash = createHash('sha256').update(`${viewKey(view.dataset, view.name)}\n${view.createdAt}\n`);
  for (const id of [...before].sort()) hash.update(`${id}\n`);
  hash.update('+\n');
  for (const id of added) hash.update(`${id}\n`);
  return hash.digest('hex').slice(0, 32);
}

/** A view holds conditions only: free text has no fixed set of matches to compare between runs. */
function conditionsOf(query: string): ViewFilters {
  const parsed = parseQuery(query);
  if (parsed.text !== '')
    throw new VisibleError(
      `A view holds conditions only; the query has free text ("${parsed.text}").`,
      'invalid_query',
    );
  return parsed.filters;
}

/** A saved query of one dataset; its webhook (when it has one) is told about new matches. */
export interface SavedView {
  dataset: string;
  name: string;
  /** In the query syntax (shared/query); conditions only, no free text. */
  query: string;
  webhook: { url: string; secret: string } | null;
  /** The API key that saved it ("cli" from the command line) and the datasets that key may read. */
  owner: { keyId: string; datasets: string[] | null };
  createdAt: string;
}

/** What a view looks like to callers: the secret is shown once, when it is made, never again. */
export type PublicView = Omit<SavedView, 'webhook'> & { webhook: { url: string } | null };

export type AlertStatus = 'pending' | 'delivered' | 'failed';

/** One notification: the idempotency key is derived from the change it reports, so a re-run cannot add another. */
export interface Alert {
  id: string;
  dataset: string;
  view: string;
  query: string;
  trigger: string;
  newMatches: number;
  removed: number;
  total: number;
  /** The first new matches (at most MAX_IDS). */
  ids: string[];
  createdAt: string;
  status: AlertStatus;
  attempts: number;
  lastError: string | null;
  deliveredAt: string | null;
}

/** One view's change in one check. */
export interface ViewCheck {
  name: string;
  query: string;
  newMatches: number;
  removed: number;
  total: number;
  ids: string[];
  alert: { id: string; status: AlertStatus } | null;
}

export const MAX_IDS = 100;

export const toPublic = (view: SavedView): PublicView => ({
  ...view,
  webhook: view.webhook ? { url: view.webhook.url } : null,
});

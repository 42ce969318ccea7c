import type { Client } from './api.ts';
import type { ViewState } from './state.ts';
import type { ImageLoader } from './thumbs.ts';

/** What every view gets: the API, the image loader, the state and a way to change it. */
export interface App {
  client: Client;
  images: ImageLoader;
  state: ViewState;
  /** Applies a change; `push` adds a history entry (a new view), otherwise the URL is replaced. */
  update(change: Partial<ViewState>, options?: { push?: boolean }): void;
  /** Shows an error message in the status line. */
  fail(error: unknown): void;
  /** The dataset's path parameters, `{ dataset }`, for the typed client's calls. */
  dataset(): { dataset: string };
  /** The URL of an image's thumbnail in the dataset, for the image loader. */
  thumbnailUrl(id: string): string;
  /** An image picked for "find similar" by upload (not in the URL: it is a file). */
  upload: File | null;
}

import type { Client } from './api.ts';

/**
 * Images need the key, which an <img src> cannot send: they are fetched as blobs (a few at a time) and shown
 * through object URLs, cached by path for the life of the page.
 */
export function imageLoader(client: Client, concurrency = 6) {
  const cache = new Map<string, Promise<string>>();
  const queue: (() => void)[] = [];
  let active = 0;
  const slot = async <T>(work: () => Promise<T>): Promise<T> => {
    if (active >= concurrency) await new Promise<void>((resolve) => queue.push(resolve));
    active++;
    try {
      return await work();
    } finally {
      active--;
      queue.shift()?.();
    }
  };
  const url = (path: string): Promise<string> => {
    let found = cache.get(path);
    if (!found) {
      found = slot(() => client.blob(path)).then(({ blob }) => URL.createObjectURL(blob));
      found.catch(() => cache.delete(path));
      cache.set(path, found);
    }
    return found;
  };
  return {
    url,
    /** Fills an <img> when its bytes arrive; a failure leaves the alt text. */
    fill(img: HTMLImageElement, path: string): HTMLImageElement {
      url(path).then(
        (src) => {
          img.src = src;
        },
        () => img.classList.add('broken'),
      );
      return img;
    },
  };
}

export type ImageLoader = ReturnType<typeof imageLoader>;

import { open } from 'node:fs/promises';
import { VisibleError } from '../errors/index.ts';

/**
 * One thing to ingest, wherever it lives (a file in a folder, an S3 object): its key and a way to read it.
 * `size` is known before reading, so an oversized object is refused without pulling its bytes.
 */
export interface IngestItem {
  key: string;
  size: number;
  read(): Promise<Uint8Array>;
}

/**
 * Reads a file to its end as it is when read, not at its size when scanned (it may have grown since: a copy
 * finishing), refusing it without reading past `maxBytes`.
 */
export function fileItem(key: string, path: string | Buffer, size: number, maxBytes: number): IngestItem {
  return {
    key,
    size,
    async read() {
      const handle = await open(path, 'r');
      try {
        const now = (await handle.stat()).size;
        let buffer = Buffer.allocUnsafe(Math.min(Math.max(now, size), maxBytes) + 1);
        let filled = 0;
        for (;;) {
          if (filled === buffer.length) {
            if (filled > maxBytes) break;
            // Still growing while we read: make room, never beyond one byte over the limit.
            const larger = Buffer.allocUnsafe(Math.min(buffer.length * 2, maxBytes + 1));
            buffer.copy(larger, 0, 0, filled);
            buffer = larger;
          }
          const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
          if (bytesRead === 0) break;
          filled += bytesRead;
        }
        if (filled > maxBytes) {
          throw new VisibleError(`file is larger than the ${maxBytes}-byte limit`, 'too_large');
        }
        return buffer.subarray(0, filled);
      } finally {
        await handle.close();
      }
    },
  };
}

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

/** Reads a file, refusing it without reading past `maxBytes` (the size can change between stat and read). */
export function fileItem(key: string, path: string, size: number, maxBytes: number): IngestItem {
  return {
    key,
    size,
    async read() {
      const handle = await open(path, 'r');
      try {
        const buffer = Buffer.allocUnsafe(Math.min(size, maxBytes) + 1);
        let filled = 0;
        while (filled < buffer.length) {
          const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
          if (bytesRead === 0) break;
          filled += bytesRead;
        }
        if (filled > maxBytes) {
          throw new VisibleError(`file is larger than the ${maxBytes}-byte limit`, 'too-large');
        }
        return buffer.subarray(0, filled);
      } finally {
        await handle.close();
      }
    },
  };
}

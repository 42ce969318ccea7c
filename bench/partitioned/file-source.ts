import { open } from 'node:fs/promises';
import type { VectorSource } from '../../shared/curate/knn/index.ts';

/** Rows of a raw float32 file, streamed a batch at a time: the planner never holds them all. */
export function fileSource(path: string, count: number, dimension: number, batchRows = 4096): VectorSource {
  return {
    count,
    dimension,
    async *batches() {
      const file = await open(path, 'r');
      try {
        for (let offset = 0; offset < count; offset += batchRows) {
          const rows = Math.min(batchRows, count - offset);
          const vectors = new Float32Array(rows * dimension);
          await file.read(new Uint8Array(vectors.buffer), 0, vectors.byteLength, offset * dimension * 4);
          yield { offset, vectors };
        }
      } finally {
        await file.close();
      }
    },
  };
}

export async function readWhole(path: string, count: number, dimension: number): Promise<Float32Array> {
  const data = new Float32Array(count * dimension);
  const file = await open(path, 'r');
  try {
    await file.read(new Uint8Array(data.buffer), 0, data.byteLength, 0);
  } finally {
    await file.close();
  }
  return data;
}

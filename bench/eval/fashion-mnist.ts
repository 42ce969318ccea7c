import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

/** Where Debian's `dataset-fashion-mnist` package puts the files. */
export const FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';

export const FASHION_CLASSES = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
] as const;

export interface FashionMnist {
  /** count * 28 * 28 grey bytes, row-major. */
  pixels: Uint8Array;
  labels: Uint8Array;
  count: number;
  side: number;
}

export function fashionMnistAvailable(dir = FASHION_MNIST_DIR): boolean {
  return (
    existsSync(join(dir, 'train-images-idx3-ubyte.gz')) && existsSync(join(dir, 'train-labels-idx1-ubyte.gz'))
  );
}

/** Reads the first `limit` training images (idx format: big-endian magic, dimensions, then raw bytes). */
export function loadFashionMnist(limit: number, dir = FASHION_MNIST_DIR): FashionMnist {
  const images = parseIdx(gunzipSync(readFileSync(join(dir, 'train-images-idx3-ubyte.gz'))), 3);
  const labels = parseIdx(gunzipSync(readFileSync(join(dir, 'train-labels-idx1-ubyte.gz'))), 1);
  const [total, rows, cols] = images.dims;
  if (rows !== cols || labels.dims[0] !== total)
    throw new Error('fashion-mnist: image and label files disagree');
  const count = Math.min(limit, total);
  return {
    pixels: images.data.subarray(0, count * rows * cols),
    labels: labels.data.subarray(0, count),
    count,
    side: rows,
  };
}

function parseIdx(buf: Buffer, rank: number): { dims: number[]; data: Uint8Array } {
  const magic = buf.readUInt32BE(0);
  // 0x08 = unsigned byte; the low byte is the number of dimensions.
  if (magic >> 8 !== 0x08 || (magic & 0xff) !== rank)
    throw new Error(`fashion-mnist: bad idx magic ${magic}`);
  const dims = Array.from({ length: rank }, (_, i) => buf.readUInt32BE(4 + 4 * i));
  const offset = 4 + 4 * rank;
  return { dims, data: new Uint8Array(buf.buffer, buf.byteOffset + offset, buf.length - offset) };
}

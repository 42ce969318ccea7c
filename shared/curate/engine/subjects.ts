import type { QualityScores } from '../../media/types.ts';
import { decodeContentVector, type Store, type SubjectKind } from '../../store/index.ts';

/**
 * The subjects of one pass (images, or objects), column by column in one scan: vectors in one block (the
 * passes' memory floor) and the few fields the passes and the rows need. One scan means one consistent order
 * even while ingest writes: rows added after it are left to the next run.
 */
export interface Subjects {
  kind: SubjectKind;
  count: number;
  dimension: number;
  /** count x dimension, unit rows. */
  vectors: Float32Array;
  ids: string[];
  imageIds: string[];
  keys: string[];
  labels: (string | null)[];
  /** Images only (empty for objects): what exact duplicates read. */
  sha256: string[];
  pixelHash: string[];
  /** Images only: bucket keys of the thumbnails that duplicate verification reads. */
  thumbnailKey: string[];
  /** Images only: framed pictures' content vectors (shared/media/frame.ts), row numbers and vectors. */
  content: { rows: Int32Array; vectors: Float32Array };
  /** What the keeper rule reads; for an object: its crop's size in pixels and its image's other fields. */
  width: Int32Array;
  height: Int32Array;
  bytes: Float64Array;
  ingestedAt: Float64Array;
  /** Worst quality confidence (blur, dark, bright, low information) per image: 0 = clean. */
  defect: Float32Array;
}

const DEFECTS: (keyof QualityScores)[] = ['blur', 'dark', 'bright', 'lowInformation'];

/** `images` (loaded first) gives objects the size of their crop and the age and quality of their image. */
export async function loadSubjects(
  store: Store,
  dataset: string,
  kind: SubjectKind,
  images?: Subjects,
): Promise<Subjects> {
  const expected = kind === 'image' ? await store.images.count(dataset) : await store.objects.count(dataset);
  const columns = new Columns(kind, Math.max(1, expected));
  if (kind === 'image') {
    const scan = store.images.scan(dataset, {
      columns: [
        'id',
        'key',
        'label',
        'vector',
        'sha256',
        'pixelHash',
        'thumbnailKey',
        'contentVector',
        'width',
        'height',
        'size',
        'ingestedAt',
        ...DEFECTS,
      ],
      batchSize: 4096,
    });
    for await (const batch of scan) {
      for (const row of batch) {
        const at = columns.push(row.id, row.id, row.key, row.label, row.vector);
        columns.sha256.push(row.sha256);
        columns.pixelHash.push(row.pixelHash);
        columns.thumbnailKey.push(row.thumbnailKey);
        const content = decodeContentVector(row.contentVector, columns.dimension);
        if (content) columns.content.push([at, content]);
        columns.width[at] = row.width;
        columns.height[at] = row.height;
        columns.bytes[at] = row.size;
        columns.ingestedAt[at] = row.ingestedAt;
        columns.defect[at] = Math.max(...DEFECTS.map((issue) => row[issue]));
      }
    }
  } else {
    const rowOf = new Map(images?.ids.map((id, i) => [id, i]));
    const scan = store.objects.scan(dataset, {
      columns: ['id', 'imageId', 'key', 'label', 'vector', 'box'],
      batchSize: 4096,
    });
    for await (const batch of scan) {
      for (const row of batch) {
        const at = columns.push(row.id, row.imageId, row.key, row.label, row.vector);
        const image = rowOf.get(row.imageId);
        if (!images || image === undefined) continue;
        columns.width[at] = Math.round(images.width[image] * row.box.w);
        columns.height[at] = Math.round(images.height[image] * row.box.h);
        columns.bytes[at] = images.bytes[image];
        columns.ingestedAt[at] = images.ingestedAt[image];
        columns.defect[at] = images.defect[image];
      }
    }
  }
  return columns.finish();
}

/** Growable columns: sized from a count taken before the scan, grown if ingest added rows meanwhile. */
class Columns {
  count = 0;
  dimension = 0;
  vectors = new Float32Array(0);
  ids: string[] = [];
  imageIds: string[] = [];
  keys: string[] = [];
  labels: (string | null)[] = [];
  sha256: string[] = [];
  pixelHash: string[] = [];
  thumbnailKey: string[] = [];
  content: [number, Float32Array][] = [];
  width: Int32Array;
  height: Int32Array;
  bytes: Float64Array;
  ingestedAt: Float64Array;
  defect: Float32Array;

  constructor(
    readonly kind: SubjectKind,
    private capacity: number,
  ) {
    this.width = new Int32Array(capacity);
    this.height = new Int32Array(capacity);
    this.bytes = new Float64Array(capacity);
    this.ingestedAt = new Float64Array(capacity);
    this.defect = new Float32Array(capacity);
  }

  push(id: string, imageId: string, key: string, label: string | null, vector: Float32Array): number {
    if (this.count === 0) {
      this.dimension = vector.length;
      this.vectors = new Float32Array(this.capacity * this.dimension);
    }
    if (this.count === this.capacity) this.grow();
    const at = this.count++;
    this.vectors.set(vector, at * this.dimension);
    this.ids.push(id);
    this.imageIds.push(imageId);
    this.keys.push(key);
    this.labels.push(label === '' ? null : label);
    return at;
  }

  private grow(): void {
    this.capacity = Math.ceil(this.capacity * 1.25) + 16;
    this.vectors = resized(this.vectors, this.capacity * this.dimension);
    this.width = resized(this.width, this.capacity);
    this.height = resized(this.height, this.capacity);
    this.bytes = resized(this.bytes, this.capacity);
    this.ingestedAt = resized(this.ingestedAt, this.capacity);
    this.defect = resized(this.defect, this.capacity);
  }

  finish(): Subjects {
    const n = this.count;
    return {
      kind: this.kind,
      count: n,
      dimension: this.dimension,
      vectors: this.vectors.subarray(0, n * this.dimension),
      ids: this.ids,
      imageIds: this.imageIds,
      keys: this.keys,
      labels: this.labels,
      sha256: this.sha256,
      pixelHash: this.pixelHash,
      thumbnailKey: this.thumbnailKey,
      content: {
        rows: Int32Array.from(this.content, ([row]) => row),
        vectors: flatten(
          this.content.map(([, vector]) => vector),
          this.dimension,
        ),
      },
      width: this.width.subarray(0, n),
      height: this.height.subarray(0, n),
      bytes: this.bytes.subarray(0, n),
      ingestedAt: this.ingestedAt.subarray(0, n),
      defect: this.defect.subarray(0, n),
    };
  }
}

function resized<T extends Float32Array | Float64Array | Int32Array>(array: T, length: number): T {
  const out = new (array.constructor as new (n: number) => T)(length);
  out.set(array.subarray(0, Math.min(array.length, length)) as never);
  return out;
}

function flatten(vectors: Float32Array[], dimension: number): Float32Array {
  const out = new Float32Array(vectors.length * dimension);
  vectors.forEach((vector, i) => {
    out.set(vector, i * dimension);
  });
  return out;
}

import { createRequire } from 'node:module';
import type * as Arrow from 'apache-arrow';

/**
 * LanceDB loads apache-arrow's CommonJS build; an ES-module import is a second copy whose tables fail its
 * instanceof checks (it then re-creates them and drops the rows). Building with LanceDB's copy avoids that.
 */
const arrow = createRequire(import.meta.url)('apache-arrow') as typeof Arrow;

/** Fixed-size list column of `width` values per row over one flat typed array (no copy). */
export function fixedList(values: Float32Array | Int32Array, width: number): Arrow.Data<Arrow.FixedSizeList> {
  const child =
    values instanceof Float32Array
      ? arrow.makeData({ type: new arrow.Float32(), length: values.length, data: values })
      : arrow.makeData({ type: new arrow.Int32(), length: values.length, data: values });
  const type = new arrow.FixedSizeList(width, new arrow.Field('item', child.type, true));
  return arrow.makeData({ type, length: values.length / width, child });
}

export function int32Column(values: Int32Array): Arrow.Data<Arrow.Int32> {
  return arrow.makeData({ type: new arrow.Int32(), length: values.length, data: values });
}

/** A table from named columns of equal length. */
export function tableOf(columns: Record<string, Arrow.Data>): Arrow.Table {
  const vectors = Object.fromEntries(
    Object.entries(columns).map(([name, data]) => [name, arrow.makeVector(data)]),
  );
  return new arrow.Table(vectors);
}

/** The flat values of a fixed-size list or integer column, copied into one array (all batches). */
export function flatValues<T extends Float32Array | Int32Array>(
  table: Arrow.Table,
  name: string,
  make: (length: number) => T,
): T {
  const column = table.getChild(name);
  // LanceDB answers a filter that matched nothing with a table without columns.
  if (!column && table.numRows === 0) return make(0);
  if (!column) throw new Error(`column ${name} missing`);
  const width = column.type instanceof arrow.FixedSizeList ? column.type.listSize : 1;
  const out = make(table.numRows * width);
  let at = 0;
  for (const data of column.data) {
    const leaf = width === 1 ? data : data.children[0];
    const start = (data.offset * width + (width === 1 ? 0 : leaf.offset)) | 0;
    const values = leaf.values as T;
    out.set(values.subarray(start, start + data.length * width), at);
    at += data.length * width;
  }
  return out;
}

/** A table over one record batch that LanceDB returned. */
export function tableOfBatch(batch: Arrow.RecordBatch): Arrow.Table {
  return new arrow.Table([batch]);
}

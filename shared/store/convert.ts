import type * as arrow from 'apache-arrow';
import type { ColumnType, TableSpec } from './schema.ts';
import type { ImageRow, ObjectRow } from './types.ts';

type Decode = (index: number) => unknown;

/**
 * Arrow record batch -> plain rows, column by column. Int64 becomes a number, lists become arrays,
 * vectors become their own Float32Array (copied, so a row never pins a whole batch in memory).
 * Columns the spec does not know (LanceDB's `_distance`, `_score`) are decoded as they come.
 */
export function decodeBatch(batch: arrow.RecordBatch, spec: TableSpec): Record<string, unknown>[] {
  const decoders = batch.schema.fields.map((field, at) => {
    const column = batch.getChildAt(at) as arrow.Vector;
    const type = spec.columns[field.name]?.type;
    return [field.name, decoder(column, type)] as const;
  });
  const rows: Record<string, unknown>[] = new Array(batch.numRows);
  for (let i = 0; i < batch.numRows; i++) {
    const row: Record<string, unknown> = {};
    for (const [name, decode] of decoders) row[name] = decode(i);
    rows[i] = row;
  }
  return rows;
}

function decoder(column: arrow.Vector, type: ColumnType | undefined): Decode {
  switch (type) {
    case 'int64':
      return (i) => {
        const value = column.get(i);
        return value === null ? null : Number(value);
      };
    case 'utf8list':
      return (i) => {
        const list = column.get(i) as arrow.Vector | null;
        return list === null ? [] : (Array.from(list) as string[]);
      };
    case 'vector':
      return vectorDecoder(column);
    default:
      return (i) => {
        const value = column.get(i);
        return typeof value === 'bigint' ? Number(value) : value;
      };
  }
}

function vectorDecoder(column: arrow.Vector): Decode {
  const data = column.data;
  const child = data.length === 1 ? data[0].children[0] : undefined;
  const width = (column.type as arrow.FixedSizeList).listSize;
  if (child && child.values instanceof Float32Array && data[0].nullCount === 0) {
    const values = child.values;
    const base = data[0].offset * width + child.offset;
    return (i) => values.slice(base + i * width, base + (i + 1) * width);
  }
  return (i) => {
    const list = column.get(i) as arrow.Vector | null;
    return list === null ? null : Float32Array.from(list.toArray() as ArrayLike<number>);
  };
}

/** Label, caption, tags and key, as the full-text index sees them. */
export function searchText(row: Pick<ImageRow, 'label' | 'caption' | 'tags' | 'key'>): string {
  return [row.label, row.caption, ...row.tags, row.key].filter((part) => part).join(' \n ');
}

export function imageRecord(row: ImageRow): Record<string, unknown> {
  return { ...row, text: searchText(row) };
}

export function objectRecord(row: ObjectRow): Record<string, unknown> {
  const { box, ...rest } = row;
  return { ...rest, boxX: box.x, boxY: box.y, boxW: box.w, boxH: box.h };
}

export function toImageRow(record: Record<string, unknown>): ImageRow {
  const { text: _text, _distance, _score, _rowid, ...row } = record;
  return row as unknown as ImageRow;
}

export function toObjectRow(record: Record<string, unknown>): ObjectRow {
  const { boxX, boxY, boxW, boxH, _distance, _score, _rowid, ...row } = record;
  return { ...row, box: { x: boxX, y: boxY, w: boxW, h: boxH } } as unknown as ObjectRow;
}

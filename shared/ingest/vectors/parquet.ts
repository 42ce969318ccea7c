import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects, parquetSchema } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { errorMessage, VisibleError } from '../../errors/index.ts';
import { describeIssues, suppliedModelName, vectorValues } from './schema.ts';
import { VectorTable } from './table.ts';

const KEY_COLUMN = 'key';
const VECTOR_COLUMNS = ['vector', 'embedding'];
const MODEL_COLUMN = 'model';

/**
 * A Parquet file with a `key` column and a `vector` (or `embedding`) list column, and optionally `model`;
 * the file's key-value metadata may name the model instead (`model`). Read one row group at a time, so only
 * the float32 vectors stay in memory. Every codec Parquet writers use is read (snappy, zstd, gzip, brotli, lz4).
 */
export async function readVectorParquet(path: string, file: string): Promise<VectorTable> {
  const buffer = await asyncBufferFromFile(path);
  const metadata = await parquetMetadataAsync(buffer).catch((error: unknown) => {
    throw new VisibleError(
      `${file} is not a readable Parquet file: ${errorMessage(error)}`,
      'invalid_vectors',
    );
  });
  const names = parquetSchema(metadata).children.map((child) => child.element.name);
  const vectorColumn = VECTOR_COLUMNS.find((name) => names.includes(name));
  if (!names.includes(KEY_COLUMN) || !vectorColumn) {
    throw new VisibleError(
      `${file} needs a "${KEY_COLUMN}" column and a "vector" (or "embedding") column; it has ${names.join(', ')}.`,
      'invalid_vectors',
    );
  }
  const fileModel = metadata.key_value_metadata?.find((entry) => entry.key === MODEL_COLUMN)?.value;
  const columns = [KEY_COLUMN, vectorColumn, ...(names.includes(MODEL_COLUMN) ? [MODEL_COLUMN] : [])];
  const table = new VectorTable(file);
  let rowStart = 0;
  for (const group of metadata.row_groups) {
    const rowEnd = rowStart + Number(group.num_rows);
    const rows = await parquetReadObjects({
      file: buffer,
      metadata,
      columns,
      rowStart,
      rowEnd,
      compressors,
    }).catch((error: unknown) => {
      throw new VisibleError(
        `Cannot read rows ${rowStart}-${rowEnd} of ${file}: ${errorMessage(error)}`,
        'invalid_vectors',
      );
    });
    rows.forEach((row, i) => {
      readRow(table, row, vectorColumn, fileModel, `${file} row ${rowStart + i}`);
    });
    rowStart = rowEnd;
  }
  return table;
}

function readRow(
  table: VectorTable,
  row: Record<string, unknown>,
  vectorColumn: string,
  fileModel: string | undefined,
  where: string,
): void {
  const key = row[KEY_COLUMN];
  if (typeof key !== 'string' || key === '') {
    table.problem(where, 'the key is missing or not text');
    return;
  }
  const vector = vectorValues.safeParse(row[vectorColumn]);
  if (!vector.success) {
    const issues = describeIssues(vector.error);
    table.refuse(
      key,
      where,
      issues.startsWith('[') ? `${vectorColumn}${issues}` : `${vectorColumn}: ${issues}`,
    );
    return;
  }
  const named = row[MODEL_COLUMN] ?? fileModel;
  const model = named === undefined || named === null ? undefined : suppliedModelName.safeParse(named);
  if (model && !model.success) {
    table.refuse(key, where, `model: ${describeIssues(model.error)}`);
    return;
  }
  table.add(key, { vector: vector.data, model: model?.data, where });
}

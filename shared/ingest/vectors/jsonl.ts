import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { describeIssues, vectorLineSchema } from './schema.ts';
import { VectorTable } from './table.ts';

/**
 * `{"key": "cats/1.jpg", "vector": [...], "model": "..."}` per line, streamed: only the vectors are held, as
 * float32. A bad line refuses its key (when it has one) or is reported; it never stops the read.
 */
export async function readVectorLines(path: string, file: string): Promise<VectorTable> {
  const table = new VectorTable(file);
  const input = createReadStream(path, { encoding: 'utf8' });
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let number = 0;
  for await (const raw of lines) {
    number += 1;
    const line = number === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (line.trim() === '') continue;
    readLine(table, line, `${file} line ${number}`);
  }
  return table;
}

function readLine(table: VectorTable, line: string, where: string): void {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    table.problem(where, `not JSON (${(error as Error).message})`);
    return;
  }
  const parsed = vectorLineSchema.safeParse(value);
  if (parsed.success) {
    table.add(parsed.data.key, { vector: parsed.data.vector, model: parsed.data.model, where });
    return;
  }
  const key = (value as { key?: unknown } | null)?.key;
  if (typeof key === 'string' && key !== '') table.refuse(key, where, describeIssues(parsed.error));
  else table.problem(where, describeIssues(parsed.error));
}

import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream';
import { parse } from 'csv-parse';
import { errorMessage } from '../../errors/index.ts';
import { checkSize, readLinesBounded } from './read.ts';
import { addRow, rowErrors, type SourceTable } from './rows.ts';
import { describeIssues, manifestRowSchema } from './schema.ts';
import type { AnnotationProblem } from './types.ts';

export interface SourceResult {
  table: SourceTable;
  problems: AnnotationProblem[];
}

/** A root manifest, JSONL or CSV by its extension; a bad row is skipped and counted, the rest is kept. */
export async function readManifest(path: string, file: string, limit: number): Promise<SourceResult> {
  const table: SourceTable = new Map();
  const errors = rowErrors(file);
  let rows = 0;
  const reject = (where: string, reason: string) => {
    rows += 1;
    errors.add(where, reason);
  };
  const take = (where: string, value: unknown) => {
    const parsed = manifestRowSchema.safeParse(value);
    if (!parsed.success) return reject(where, describeIssues(parsed.error));
    rows += 1;
    addRow(table, parsed.data.key, parsed.data.annotation);
  };
  try {
    if (file.toLowerCase().endsWith('.csv')) await readCsv(path, limit, take, reject);
    else await readJsonl(path, limit, take, reject);
  } catch (error) {
    // What was read before the failure is kept; the problem says where it stopped.
    return {
      table,
      problems: [{ file, reason: `${errorMessage(error)}${rows > 0 ? ` (after ${rows} rows)` : ''}` }],
    };
  }
  const problem = errors.problem(rows);
  return { table, problems: problem ? [problem] : [] };
}

type Take = (where: string, value: unknown) => void;
type Reject = (where: string, reason: string) => void;

async function readJsonl(path: string, limit: number, take: Take, reject: Reject): Promise<void> {
  for await (const { line, number } of readLinesBounded(path, limit, 'manifest')) {
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      reject(`line ${number}`, `not JSON (${errorMessage(error)})`);
      continue;
    }
    take(`line ${number}`, value);
  }
}

async function readCsv(path: string, limit: number, take: Take, reject: Reject): Promise<void> {
  const parser = parse({
    bom: true,
    columns: (header: string[]) => header.map((name) => name.trim().toLowerCase()),
    info: true,
    skip_empty_lines: true,
    // Trailing empty cells are often left out; a row with extra cells is still an error.
    relax_column_count_less: true,
    skip_records_with_error: true,
    // An unclosed quote must not swallow the rest of a large file into one field.
    max_record_size: 1024 * 1024,
    on_skip: (error) => {
      reject(`line ${error?.lines ?? '?'}`, error?.message ?? 'unreadable record');
      return undefined;
    },
  });
  await checkSize(path, limit, 'manifest');
  // pipeline() destroys the parser when reading fails, so the loop below throws instead of waiting forever.
  pipeline(createReadStream(path), parser, () => {});
  for await (const { record, info } of parser as AsyncIterable<{
    record: Record<string, string>;
    info: { lines: number };
  }>) {
    take(`line ${info.lines}`, blanksAsMissing(record));
  }
}

function blanksAsMissing(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value.trim() !== ''));
}

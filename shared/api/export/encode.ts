import { ByteWriter, ParquetWriter, schemaFromColumnData, type Writer } from 'hyparquet-writer';
import type { ExportFormat } from '../schemas/export.ts';
import { EXPORT_COLUMNS, type ExportRecord } from './record.ts';

/** Turns batches of records into the bytes of one file, chunk by chunk; pure JS, so it runs at the edge too. */
export interface Encoder {
  contentType: string;
  extension: string;
  /** Bytes for these records (possibly none until enough are buffered). */
  write(records: ExportRecord[]): Uint8Array[];
  /** The closing bytes. */
  end(): Uint8Array[];
}

export function encoderFor(format: ExportFormat): Encoder {
  if (format === 'jsonl') return jsonl();
  if (format === 'csv') return csv();
  return parquet();
}

const utf8 = (text: string) => new TextEncoder().encode(text);

function jsonl(): Encoder {
  return {
    contentType: 'application/x-ndjson; charset=utf-8',
    extension: 'jsonl',
    write: (records) => (records.length ? [utf8(records.map((r) => `${JSON.stringify(r)}\n`).join(''))] : []),
    end: () => [],
  };
}

function csv(): Encoder {
  let header = `${EXPORT_COLUMNS.map(([name]) => name).join(',')}\r\n`;
  return {
    contentType: 'text/csv; charset=utf-8',
    extension: 'csv',
    write(records) {
      const lines = records.map(
        (record) => `${EXPORT_COLUMNS.map(([name]) => csvCell(record[name])).join(',')}\r\n`,
      );
      const text = header + lines.join('');
      header = '';
      return text ? [utf8(text)] : [];
    },
    end: () => (header ? [utf8(header)] : []),
  };
}

/**
 * RFC 4180 quoting; lists joined with "|". A text cell that a spreadsheet would run as a formula (=, +, -, @)
 * gets a leading apostrophe: labels and keys come from users.
 */
function csvCell(value: ExportRecord[keyof ExportRecord]): string {
  if (value === null) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  let text = Array.isArray(value) ? value.join('|') : value;
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Sizes stay below 2^31 (ingest refuses larger files), so INT32 holds every integer column. */
const PARQUET_TYPES = {
  string: 'STRING',
  int: 'INT32',
  float: 'DOUBLE',
  bool: 'BOOLEAN',
  list: 'JSON',
} as const;

/** One row group per batch; each row group's bytes leave as soon as it is written. */
function parquet(): Encoder {
  const pending: Uint8Array[] = [];
  const writer = new ByteWriter();
  const drain = () => {
    if (writer.index > 0) pending.push(writer.getBytes().slice());
    writer.index = 0;
  };
  (writer as Writer).flush = drain;
  writer.finish = drain;
  const columns = (records: ExportRecord[]) =>
    EXPORT_COLUMNS.map(([name, kind]) => ({
      name,
      type: PARQUET_TYPES[kind],
      data: records.map((record) => record[name]),
    }));
  const schema = schemaFromColumnData({ columnData: columns([]) });
  const file = new ParquetWriter({ writer, schema, createdBy: 'viscura' });
  const take = () => pending.splice(0, pending.length);
  return {
    contentType: 'application/vnd.apache.parquet',
    extension: 'parquet',
    write(records) {
      if (records.length > 0) file.write({ columnData: columns(records), rowGroupSize: records.length });
      drain();
      return take();
    },
    end() {
      file.finish();
      return take();
    },
  };
}

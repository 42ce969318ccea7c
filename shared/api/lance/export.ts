import { encoderFor } from '../export/encode.ts';
import { exportRecord } from '../export/record.ts';
import type { ExportRequest, FileAnswer } from '../ports.ts';
import type { PortContext } from './context.ts';
import { imageSummary } from './convert.ts';
import { planView } from './plan.ts';
import { readView } from './view.ts';

const PAGE = 1_000;

/**
 * The whole view, streamed: a page is read only when the client has taken the previous one, so memory stays at
 * one page whatever the dataset's size. The curation results are fixed at the start.
 */
export async function exportView(
  ctx: PortContext,
  dataset: string,
  request: ExportRequest,
): Promise<FileAnswer> {
  const plan = planView(request.filters, request.sort, ctx.thresholds);
  const results = await ctx.results(dataset);
  const encoder = encoderFor(request.format);
  const source = { store: ctx.store, curation: ctx.curation, dataset, results };
  const maxRows = request.maxRows ?? Number.POSITIVE_INFINITY;
  let position: { offset: number; extra: number } | undefined = { offset: 0, extra: 0 };
  let written = 0;
  const nextChunks = async (): Promise<Uint8Array[] | undefined> => {
    if (position === undefined || written >= maxRows) return undefined;
    const page = await readView(source, plan, position, Math.min(PAGE, maxRows - written), Infinity);
    position = page.next;
    written += page.rows.length;
    const records = page.rows.map(({ image, row }) =>
      exportRecord(imageSummary(image, row, request.filters, ctx.thresholds)),
    );
    return encoder.write(records);
  };
  // The first page is read before the answer starts: a query the store refuses is a 4xx/5xx with a body, not a
  // 200 that breaks off after its headers.
  let ahead = await nextChunks();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const chunks = ahead ?? (await nextChunks());
        ahead = undefined;
        if (chunks === undefined) {
          for (const chunk of encoder.end()) controller.enqueue(chunk);
          controller.close();
          return;
        }
        for (const chunk of chunks) controller.enqueue(chunk);
      } catch (error) {
        ctx.log.error('export failed mid-stream', { dataset, error: String(error) });
        controller.error(error);
      }
    },
  });
  const stamp = new Date().toISOString().slice(0, 10);
  return { body, contentType: encoder.contentType, filename: `${dataset}-${stamp}.${encoder.extension}` };
}

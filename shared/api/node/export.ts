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
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        if (position === undefined || written >= maxRows) {
          for (const chunk of encoder.end()) controller.enqueue(chunk);
          controller.close();
          return;
        }
        const limit = Math.min(PAGE, maxRows - written);
        const page = await readView(source, plan, position, limit, Number.POSITIVE_INFINITY);
        position = page.next;
        written += page.rows.length;
        const records = page.rows.map(({ image, row }) =>
          exportRecord(imageSummary(image, row, request.filters, ctx.thresholds)),
        );
        for (const chunk of encoder.write(records)) controller.enqueue(chunk);
      } catch (error) {
        ctx.log.error('export failed mid-stream', { dataset, error: String(error) });
        controller.error(error);
      }
    },
  });
  const stamp = new Date().toISOString().slice(0, 10);
  return { body, contentType: encoder.contentType, filename: `${dataset}-${stamp}.${encoder.extension}` };
}

import { z } from 'zod';
import { VisibleError } from '../errors/index.ts';
import { safeJson } from '../json/safe.ts';

/** One object change as the ingest function sees it, whatever delivered it. */
export interface ObjectEvent {
  bucket: string;
  /** The object's key, decoded. */
  key: string;
  /** S3's name without the "s3:" some servers prefix: ObjectCreated:Put, ObjectRemoved:Delete, ... */
  name: string;
  /** Orders the events of one key (hex, compared as padded strings); absent on some servers. */
  sequencer?: string;
}

/** An SQS message: its id (for batchItemFailures) and what its body held. */
export interface QueueMessage {
  id: string;
  events: ObjectEvent[];
  /** Why the body is not an S3 event; such a message changes nothing. */
  problem?: string;
}

export type Invocation =
  | { kind: 'direct'; events: ObjectEvent[] }
  | { kind: 'queue'; messages: QueueMessage[] };

const s3Record = z.object({
  eventSource: z.string().min(1),
  eventName: z.string().min(1),
  s3: z.object({
    bucket: z.object({ name: z.string().min(1) }),
    object: z.object({
      key: z.string().min(1),
      sequencer: z.string().optional(),
    }),
  }),
});
type S3Record = z.infer<typeof s3Record>;

const s3Event = z.object({ Records: z.array(s3Record).min(1) });
/** What S3 sends once when a notification is configured. */
const testEvent = z.object({ Event: z.literal('s3:TestEvent') });
/** S3 -> SNS -> SQS wraps the S3 event in an SNS notification. */
const snsEnvelope = z.object({ Type: z.literal('Notification'), Message: z.string() });

const sqsEvent = z.object({
  Records: z
    .array(z.object({ eventSource: z.literal('aws:sqs'), messageId: z.string().min(1), body: z.string() }))
    .min(1),
});

/**
 * A Lambda event -> object events. An SQS batch is parsed message by message, so one bad body cannot
 * stop the others; anything else must be an S3 event (or S3's test event) as a whole, or it is refused.
 */
export function parseInvocation(event: unknown): Invocation {
  const queue = sqsEvent.safeParse(event);
  if (queue.success) {
    return {
      kind: 'queue',
      messages: queue.data.Records.map((record) => ({ id: record.messageId, ...parseBody(record.body) })),
    };
  }
  if (testEvent.safeParse(event).success) return { kind: 'direct', events: [] };
  const direct = s3Event.safeParse(event);
  if (!direct.success) {
    throw new VisibleError(
      `The ingest function takes S3 object events (directly or through SQS); this event is not one: ${describe(direct.error)}.`,
      'malformed_event',
    );
  }
  return { kind: 'direct', events: direct.data.Records.map(objectEvent) };
}

function parseBody(body: string): { events: ObjectEvent[]; problem?: string } {
  let value = safeJson(body);
  const sns = snsEnvelope.safeParse(value);
  if (sns.success) value = safeJson(sns.data.Message);
  if (testEvent.safeParse(value).success) return { events: [] };
  const parsed = s3Event.safeParse(value);
  if (!parsed.success) return { events: [], problem: `not an S3 event: ${describe(parsed.error)}` };
  try {
    return { events: parsed.data.Records.map(objectEvent) };
  } catch (error) {
    return { events: [], problem: (error as Error).message };
  }
}

function objectEvent(record: S3Record): ObjectEvent {
  return {
    bucket: record.s3.bucket.name,
    key: decodeKey(record.eventSource, record.s3.object.key),
    name: record.eventName.replace(/^s3:/, ''),
    sequencer: record.s3.object.sequencer || undefined,
  };
}

/**
 * AWS form-encodes keys ("red flower.jpg" arrives as "red+flower.jpg"); MinIO path-escapes them; radosgw
 * (Ceph 16) sends them as they are.
 */
export function decodeKey(source: string, key: string): string {
  try {
    if (source === 'aws:s3') return decodeURIComponent(key.replace(/\+/g, ' '));
    if (source === 'minio:s3') return decodeURIComponent(key);
    return key;
  } catch {
    throw new VisibleError(
      `The event's object key ${JSON.stringify(key)} is not valid URL encoding.`,
      'malformed_event',
    );
  }
}

function describe(error: z.ZodError): string {
  const issue = error.issues[0];
  const path = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return `${path}${issue.message}`;
}

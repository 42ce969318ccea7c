import { describe, expect, it } from 'vitest';
import { keysInScope, parseInvocation, watchScope } from '../../shared/cloud/index.ts';
import { VisibleError } from '../../shared/errors/index.ts';
import { s3Event, s3Record, sqsEvent } from './helpers.ts';

const scope = { bucket: 'photos', prefix: '', watch: ['images/'] };

describe('S3 events', () => {
  it('decodes AWS form-encoded keys and takes radosgw keys as they are', () => {
    const aws = parseInvocation(
      s3Event(s3Record('photos', 'images/red flower+1%.jpg', 'ObjectCreated:Put', 'aws:s3')),
    );
    const ceph = parseInvocation(s3Event(s3Record('photos', 'images/red flower+1%.jpg')));
    for (const invocation of [aws, ceph]) {
      expect(invocation).toMatchObject({ kind: 'direct', events: [{ key: 'images/red flower+1%.jpg' }] });
    }
  });

  it('reads an SQS batch message by message: a bad body is flagged, the others still parse', () => {
    const invocation = parseInvocation(
      sqsEvent([
        s3Event(s3Record('photos', 'images/a.jpg')),
        'not json at all',
        { Type: 'Notification', Message: JSON.stringify(s3Event(s3Record('photos', 'images/b.jpg'))) },
        { Service: 'Amazon S3', Event: 's3:TestEvent', Bucket: 'photos' },
      ]),
    );
    expect(invocation.kind).toBe('queue');
    if (invocation.kind !== 'queue') return;
    expect(invocation.messages.map((message) => message.events.map((event) => event.key))).toEqual([
      ['images/a.jpg'],
      [],
      ['images/b.jpg'],
      [],
    ]);
    expect(invocation.messages.map((message) => message.problem !== undefined)).toEqual([
      false,
      true,
      false,
      false,
    ]);
  });

  it('refuses an event that is not an S3 event, saying what is wrong', () => {
    for (const event of [{}, { Records: [] }, { Records: [{ eventSource: 'aws:s3' }] }, 'text', null]) {
      expect(() => parseInvocation(event)).toThrow(VisibleError);
    }
    expect(() => parseInvocation({ Records: [{ eventSource: 'aws:s3' }] })).toThrow(/not one: Records\.0\./);
  });
});

describe('watched scope', () => {
  it('keeps watched keys once each and refuses the rest with a reason', () => {
    const { keys, rejected } = keysInScope(
      parseEvents(
        s3Record('photos', 'images/cat/1.jpg'),
        s3Record('photos', 'images/cat/1.jpg', 'ObjectRemoved:Delete'),
        s3Record('photos', 'thumbnails/default/x.webp'),
        s3Record('other-bucket', 'images/cat/2.jpg'),
        s3Record('photos', 'images/../etc/passwd'),
        s3Record('photos', 'images/cat/.DS_Store'),
        s3Record('photos', 'images/cat/1.json'),
      ),
      scope,
    );
    expect(keys).toEqual(['images/cat/1.jpg']);
    expect(rejected.map((rejection) => [rejection.key, rejection.reason])).toEqual([
      ['thumbnails/default/x.webp', 'the key is outside the watched prefixes (images/)'],
      ['images/cat/2.jpg', 'bucket other-bucket is not the watched bucket photos'],
      ['images/../etc/passwd', expect.stringContaining('".." segment')],
      ['images/cat/.DS_Store', 'hidden files are not ingested'],
      ['images/cat/1.json', 'annotation files are not read by the ingest function'],
    ]);
  });

  it('strips the bucket prefix the files live under', () => {
    const prefixed = { bucket: 'photos', prefix: 'team-a/', watch: ['images/'] };
    const { keys, rejected } = keysInScope(
      parseEvents(s3Record('photos', 'team-a/images/1.jpg'), s3Record('photos', 'images/1.jpg')),
      prefixed,
    );
    expect(keys).toEqual(['images/1.jpg']);
    expect(rejected).toEqual([{ key: 'images/1.jpg', reason: 'the key is outside s3://photos/team-a/' }]);
  });

  it("refuses a watched prefix that would hold the function's own writes", () => {
    expect(() => watchScope('s3://photos', 's3://photos/db', ['thumbnails/'])).toThrow(/own writes/);
    expect(() => watchScope('s3://photos', 's3://photos/images/db', ['images/'])).toThrow(/own writes/);
    expect(() => watchScope('./data/bucket', './data/db', ['images/'])).toThrow(/s3:\/\/bucket/);
    expect(watchScope('s3://photos/team-a', 's3://photos/db', ['images/'])).toEqual({
      bucket: 'photos',
      prefix: 'team-a/',
      watch: ['images/'],
    });
  });
});

function parseEvents(...records: ReturnType<typeof s3Record>[]) {
  const invocation = parseInvocation(s3Event(...records));
  if (invocation.kind !== 'direct') throw new Error('expected a direct invocation');
  return invocation.events;
}

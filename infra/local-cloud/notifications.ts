import { PutBucketNotificationConfigurationCommand, type S3Client } from '@aws-sdk/client-s3';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';

export interface NotificationTarget {
  endpoint: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  bucket: string;
  /** Object keys under these prefixes notify; nothing else does (thumbnails and tables must not). */
  prefixes: readonly string[];
  /** Where radosgw pushes each event (the stand-in's queue route). */
  pushEndpoint: string;
  topic: string;
}

/**
 * Bucket notifications on radosgw: a topic made through its SNS-style API pushing over HTTP, and one notification
 * per watched prefix for ObjectCreated and ObjectRemoved. The topic is not "persistent" (radosgw 16 picks a new
 * persistent topic up only on a 30 s scan): radosgw waits for each push, which the stand-in answers as soon as it
 * has queued the event; the stand-in's queue does the retrying. Either way radosgw 16 aborts on a multi-object
 * delete (DeleteObjects) in a bucket with notifications: delete objects one by one there.
 */
export async function configureNotifications(s3: S3Client, target: NotificationTarget): Promise<string> {
  const sns = new SNSClient({
    endpoint: target.endpoint,
    region: 'us-east-1',
    credentials: target.credentials,
  });
  try {
    const topic = await sns.send(
      new CreateTopicCommand({
        Name: target.topic,
        Attributes: { 'push-endpoint': target.pushEndpoint, persistent: 'false' },
      }),
    );
    const topicArn = topic.TopicArn as string;
    await s3.send(
      new PutBucketNotificationConfigurationCommand({
        Bucket: target.bucket,
        NotificationConfiguration: {
          TopicConfigurations: target.prefixes.map((prefix, i) => ({
            Id: `${target.topic}-${i}`,
            TopicArn: topicArn,
            Events: ['s3:ObjectCreated:*', 's3:ObjectRemoved:*'],
            Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: prefix }] } },
          })),
        },
      }),
    );
    return topicArn;
  } finally {
    sns.destroy();
  }
}

import {
  DeleteMessageBatchCommand,
  MessageSystemAttributeName,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { QueuePort, Received } from './worker.ts';

/** The ingest queue over SQS: 20-second long polls, so an idle worker costs about 3 requests a minute. */
export function sqsQueue(client: SQSClient, queueUrl: string, signal?: AbortSignal): QueuePort {
  return {
    async receive(max) {
      const answer = await client
        .send(
          new ReceiveMessageCommand({
            QueueUrl: queueUrl,
            MaxNumberOfMessages: max,
            WaitTimeSeconds: 20,
            MessageSystemAttributeNames: [MessageSystemAttributeName.ApproximateReceiveCount],
          }),
          { abortSignal: signal },
        )
        .catch((error: unknown) => {
          if (signal?.aborted) return { Messages: [] };
          throw error;
        });
      return (answer.Messages ?? []).map(
        (message): Received => ({
          id: message.MessageId ?? '',
          body: message.Body ?? '',
          receipt: message.ReceiptHandle ?? '',
          receiveCount: Number(message.Attributes?.ApproximateReceiveCount ?? 1),
        }),
      );
    },
    async delete(messages) {
      const answer = await client.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: messages.map((message, i) => ({ Id: String(i), ReceiptHandle: message.receipt })),
        }),
      );
      // A message whose delete failed is delivered again; ingest is idempotent, so that costs time, not rows.
      if (answer.Failed?.length)
        throw new Error(`SQS refused ${answer.Failed.length} deletes: ${answer.Failed[0].Message}`);
    },
  };
}

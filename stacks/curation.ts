// Scheduled curation: the coordinator on a nightly schedule, fanning large kNN graphs out to the shard function.
import { imageFunction } from './functions.ts';
import { bucketGrants } from './role.ts';
import { settings } from './settings.ts';
import { bucket } from './storage.ts';

const { curation } = settings;

export const shardFunction = imageFunction('CurateShard', 'curate-shard', {
  entry: 'curateShard',
  memoryMb: curation.shardMemoryMb,
  timeoutS: 900,
  reservedConcurrency: curation.shardConcurrency,
  grants: bucketGrants(bucket.arn, { read: ['curation/'], write: ['curation/'] }),
});

export const curateFunction = imageFunction('Curate', 'curate', {
  entry: 'curate',
  memoryMb: curation.memoryMb,
  timeoutS: 900,
  // One run at a time: a run still going when the next is due makes that one wait, never overlap.
  reservedConcurrency: 1,
  environment: {
    VISCURA_DATASET: settings.dataset,
    VISCURA_MODEL: settings.model,
    VISCURA_SHARD_FUNCTION: shardFunction.name,
    VISCURA_FANOUT_MIN_ROWS: String(curation.fanoutMinRows),
    VISCURA_FANOUT_CONCURRENCY: String(curation.shardConcurrency),
  },
  grants: [
    ...bucketGrants(bucket.arn, {
      read: ['db/', 'thumbnails/', 'curation/', 'reports/'],
      write: ['db/', 'curation/', 'reports/'],
      list: true,
    }),
    { actions: ['lambda:InvokeFunction'], resources: [shardFunction.arn] },
  ],
});

export const curateSchedule = new sst.aws.CronV2('CurateSchedule', {
  function: curateFunction.arn as $util.Output<`arn:${string}`>,
  schedule: curation.schedule as `cron(${string})`,
  event: { dataset: settings.dataset },
  // A failed run is not retried at once: the next scheduled one starts from the data as it is then.
  retries: 0,
});

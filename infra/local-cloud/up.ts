// npm run cloud:up — radosgw, the bucket, the Lambda stand-in and the bucket notification, all on 127.0.0.1.
import { startLocalCloud } from './cloud.ts';
import { cloudSettings } from './settings.ts';

const settings = cloudSettings();
const { info } = await startLocalCloud(settings);
process.stderr.write(
  [
    `cloud: S3 ${info.s3Endpoint} (bucket ${info.bucket}), Lambda ${info.lambdaEndpoint}`,
    `cloud: uploads under ${settings.watch.join(', ')} are ingested; logs in ${settings.dir}/log`,
    `cloud: point viscura at it with: source ${settings.dir}/env`,
    '',
  ].join('\n'),
);

// The query API (the Hono app) with a function URL; keys are checked in the app, so the URL itself is open.
import { imageFunction } from './functions.ts';
import { bucketGrants } from './role.ts';
import { settings } from './settings.ts';
import { bucket } from './storage.ts';

/** The hashed key records (the "keys" array of api-keys.json): sst secret set ApiKeys '[...]' --stage <stage>. */
export const apiKeys = new sst.Secret('ApiKeys', '[]');

export const queryFunction = imageFunction('Query', 'query', {
  entry: 'query',
  memoryMb: settings.query.memoryMb,
  timeoutS: settings.query.timeoutS,
  environment: {
    VISCURA_DATASET: settings.dataset,
    VISCURA_MODEL: settings.model,
    VISCURA_API_KEYS: apiKeys.value,
  },
  grants: bucketGrants(bucket.arn, {
    read: ['db/', 'thumbnails/', 'reports/', settings.watchPrefix],
    // The full-text index is built on first use and refreshed as rows arrive.
    write: ['db/'],
    list: true,
  }),
});

export const queryUrl = new aws.lambda.FunctionUrl('QueryUrl', {
  functionName: queryFunction.name,
  authorizationType: 'NONE',
  cors: {
    allowOrigins: ['*'],
    allowMethods: ['GET', 'POST'],
    allowHeaders: ['authorization', 'content-type'],
  },
});

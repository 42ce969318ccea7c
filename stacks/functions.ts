// A function from the shared image: its entry is an export of infra/lambda/handlers.mjs.
import { imageUri } from './image.ts';
import { functionRole, type Grant } from './role.ts';
import { physicalName } from './settings.ts';
import { bucket } from './storage.ts';

export interface ImageFunctionArgs {
  /** The export of infra/lambda/handlers.mjs: ingest, curate, curateShard, query. */
  entry: 'ingest' | 'curate' | 'curateShard' | 'query';
  memoryMb: number;
  timeoutS: number;
  /** Instances at once; undefined leaves the account's shared pool. */
  reservedConcurrency?: number;
  grants: Grant[];
  environment?: Record<string, $util.Input<string>>;
}

/** Where every function finds the tables and files: LanceDB under db/ in the stage's bucket. */
export const storageEnvironment = {
  VISCURA_BUCKET: $interpolate`s3://${bucket.name}`,
  VISCURA_DB: $interpolate`s3://${bucket.name}/db`,
};

export function imageFunction(name: string, suffix: string, args: ImageFunctionArgs): aws.lambda.Function {
  const functionName = physicalName(suffix);
  const role = functionRole(name, functionName, args.grants);
  const logs = new aws.cloudwatch.LogGroup(`${name}Logs`, {
    name: `/aws/lambda/${functionName}`,
    retentionInDays: 30,
  });
  return new aws.lambda.Function(
    name,
    {
      name: functionName,
      packageType: 'Image',
      imageUri,
      imageConfig: { commands: [`infra/lambda/handlers.${args.entry}`] },
      architectures: ['x86_64'],
      role: role.arn,
      memorySize: args.memoryMb,
      timeout: args.timeoutS,
      reservedConcurrentExecutions: args.reservedConcurrency ?? -1,
      environment: { variables: { ...storageEnvironment, ...args.environment } },
      loggingConfig: { logFormat: 'Text', logGroup: logs.name },
    },
    { dependsOn: [logs] },
  );
}

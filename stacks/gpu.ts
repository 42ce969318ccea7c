// For ingest on GPU hosts (VISCURA_DEPLOY_INGEST_CONSUMER=gpu-host): an EC2 instance profile holding exactly the
// ingest function's grants, for instances that run infra/Dockerfile.embedder-cuda against the ingest queue.

import { ingestGrants } from './ingest.ts';
import { functionRole } from './role.ts';
import { physicalName, settings } from './settings.ts';

function createProfile() {
  const role = functionRole('GpuIngest', physicalName('gpu-ingest'), ingestGrants, 'ec2.amazonaws.com');
  return new aws.iam.InstanceProfile('GpuIngestProfile', {
    name: physicalName('gpu-ingest'),
    role: role.name,
  });
}

export const gpuProfile = settings.ingest.consumer === 'gpu-host' ? createProfile() : undefined;

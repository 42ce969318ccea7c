// The function image (infra/Dockerfile.embedder), built and pushed to a repository of this stage at deploy.
import { join } from 'node:path';
import { physicalName, settings } from './settings.ts';

export const repository = new aws.ecr.Repository('FunctionImages', {
  name: physicalName('functions'),
  forceDelete: $app.removal === 'remove',
  imageScanningConfiguration: { scanOnPush: true },
});

const token = aws.ecr.getAuthorizationTokenOutput({ registryId: repository.registryId });

export const image = new dockerbuild.Image('FunctionImage', {
  context: { location: $cli.paths.root },
  dockerfile: { location: join($cli.paths.root, 'infra', 'Dockerfile.embedder') },
  buildArgs: { MODEL: settings.model },
  platforms: ['linux/amd64'],
  // `sst diff` previews without building; `sst deploy` builds and pushes.
  buildOnPreview: false,
  push: true,
  tags: [$interpolate`${repository.repositoryUrl}:${$app.stage}`],
  registries: [
    {
      address: repository.repositoryUrl,
      username: token.userName,
      password: token.password,
    },
  ],
});

/** Pinned by digest, so a deploy that rebuilt the image updates every function. */
export const imageUri = $interpolate`${repository.repositoryUrl}@${image.digest}`;

/**
 * Curation eval: precision, recall and AUROC of each check on planted problems.
 *   (a) generated scenes with planted duplicates, mislabels, outliers and quality defects
 *   (b) Fashion-MNIST (Debian dataset-fashion-mnist) with 10% injected label noise
 *   (c) near duplicates of real photos (Debian python3-skimage); real photos in subject classes (bench/photos)
 *   (d) the npm start samples
 * Mislabel rows show the calibrated confidence and, beside it, the plain kNN vote (the baseline); outlier rows
 * show this release's confidences beside the previous release's and cleanlab's OOD kNN score.
 * Installs nothing: a missing dataset skips only its section, with the package to install.
 *
 *   npm run eval [-- --fashion-size 10000]
 */
import { createDescriptorEmbedder } from '../shared/embed/descriptor/index.ts';
import { evalFashion } from './eval/fashion.ts';
import { evalGenerated } from './eval/generated.ts';
import { evalPhotos } from './eval/photos.ts';
import { evalRealClasses } from './eval/real-classes.ts';
import { evalRealOutliers } from './eval/real-outliers.ts';
import { evalSamples } from './eval/samples.ts';

function flag(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at > 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isInteger(value) || value < 100) {
    console.error(`--${name} takes a whole number of images, at least 100.`);
    process.exit(2);
  }
  return value;
}

const embedder = createDescriptorEmbedder();
const t0 = performance.now();
await evalGenerated(embedder);
await evalFashion(embedder, flag('fashion-size', 10_000));
await evalPhotos(embedder);
await evalRealClasses(embedder);
await evalRealOutliers(embedder);
await evalSamples(embedder);
console.log(`\ntotal ${((performance.now() - t0) / 1000).toFixed(1)} s`);

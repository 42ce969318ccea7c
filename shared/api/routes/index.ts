import { curationRoutes } from './curation.ts';
import { datasetRoutes } from './datasets.ts';
import { distributionRoutes } from './distributions.ts';
import { exportRoutes } from './export.ts';
import { imageRoutes } from './images.ts';
import { mapRoutes } from './map.ts';
import { searchRoutes } from './search.ts';
import { snapshotRoutes } from './snapshots.ts';
import { viewRoutes } from './views.ts';
import { workflowRoutes } from './workflows.ts';

/**
 * Every route, in the order the OpenAPI document lists them. A tuple (`as const`), so each route keeps its own
 * path and schemas in its type: contract.ts reads the typed client's paths, inputs and answers from it.
 */
export const apiRoutes = [
  ...datasetRoutes,
  ...imageRoutes,
  ...searchRoutes,
  ...curationRoutes,
  ...mapRoutes,
  ...distributionRoutes,
  ...exportRoutes,
  ...workflowRoutes,
  ...viewRoutes,
  ...snapshotRoutes,
] as const;

export { createEdgeApp, EDGE_LIMITS, type EdgeApp, type EdgeOptions } from './app.ts';
export {
  cacheKey,
  type EdgeCache,
  edgeLifetime,
  fromStored,
  requestRules,
  toStored,
} from './cache.ts';
export { type EdgeConfig, edgeConfig, edgeEnvSchema } from './config.ts';
export { type FunctionUrlEvent, functionUrlEvent, functionUrlResult, resultResponse } from './event.ts';
export { type Invoke, lambdaInvoker } from './invoke.ts';
export { passThroughPort } from './port.ts';

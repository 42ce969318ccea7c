export type { IssueDefaults, LanceQueryDeps } from './deps.ts';
export { createLanceQueryPort, type LanceQueryPort } from './port.ts';

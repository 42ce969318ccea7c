// Entry of a partition worker process: registers the TypeScript loader (the project runs its .ts through tsx)
// and starts the message loop. A process, not a thread, so each worker's peak RSS is its own to measure and it
// matches one Lambda invocation.
import { register } from 'tsx/esm/api';

register();
await import('./worker-process.ts');

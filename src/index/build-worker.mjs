// Entry of the indexing worker thread: registers tsx (hooks given to a worker's
// --import do not apply to its entry module on Node 20), then loads the TypeScript.
import { register } from 'tsx/esm/api';

register();
await import('./build-worker.ts');

// Entry of the indexing worker process: registers tsx, then loads the TypeScript. The
// process is started without loader flags, whatever the parent was started with.
import { register } from 'tsx/esm/api';

register();
await import('./build-worker.ts');

// Worker entry: worker threads don't inherit tsx's loader on every Node
// version, so load the TypeScript worker body through tsx's API explicitly.
import { tsImport } from 'tsx/esm/api';

await tsImport('./embed-worker.ts', import.meta.url);

// Entry of the embedding child process: load the TypeScript body through
// tsx's API, so the child needs no loader flags from its parent.
import { tsImport } from 'tsx/esm/api';

await tsImport('./embed-process.ts', import.meta.url);

// transformers.js 2 ships this module's types under types/utils/hub.d.ts, which TypeScript does not find from a deep import.
declare module '@xenova/transformers/src/utils/hub.js' {
  /** Reads a model file from a local folder or the hub (downloading into the cache), as transformers.js does for its own models. */
  export function getModelFile(
    pathOrRepoId: string,
    filename: string,
    fatal?: boolean,
    options?: { progress_callback?: (event: { status: string; file?: string; loaded?: number; total?: number }) => void },
  ): Promise<Uint8Array>;
}

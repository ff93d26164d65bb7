/**
 * The shapes that flow through every stage (article record, passage, index
 * manifest). They depend on nothing else in `src/`, so every folder may
 * import them without creating a cycle.
 */
export { documentRecordSchema, type DocumentRecord } from './document-record.ts';
export { CHUNKER_VERSION, chunkRecordSchema, parseChunkRecords, type ChunkRecord } from './chunk-record.ts';
export { gateCalibrationSchema, manifestSchema, type GateCalibration, type Manifest } from './manifest.ts';

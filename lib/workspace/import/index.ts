/**
 * Importing an export file into the local workspace ('imported').
 *
 * The file is streamed (read.ts), parsed (csv-stream.ts / json-scan.ts) and every row validated
 * into the canonical model. Touchpoints are packed as they come (bytes in one reused buffer, not
 * objects) and go to IndexedDB a large batch per transaction, in their final layout: one record
 * per block of leads and batch (lib/store/touchpoint-blocks.ts), in a staging slot no reader
 * sees (lib/store/touchpoints.ts); nothing is read back unless the file repeats an id across
 * batches. Leads and campaigns,
 * one per person or name, stay in memory. Only if every row was good (or the caller allowed a
 * partial import), one last transaction writes the leads and campaigns and makes the staged
 * touchpoints the workspace's (commitStaging): a failed, rejected or cancelled import leaves the
 * workspace exactly as it was, and its staging is deleted. Memory stays bounded by the batch,
 * not the file. The options page runs all this in a worker (entrypoints/options/import.worker.ts).
 *
 * Identity, so that importing the same file twice changes nothing:
 * - leads by e-mail; within a file, later rows fill fields earlier rows left empty; in merge mode
 *   the file's values win over those already stored, which fill the file's gaps;
 * - touchpoints by an id the file gives (Loopline formats), a natural key (a platform activity
 *   id, a lead's stage date), or else a hash of the row's content and line;
 * - campaigns by an id derived from the name (campaigns.ts) unless the file has one.
 */
export { cleanUpAfterImports, importWorkspace } from './write';
export { previewImport } from './preview';
export { fillLead } from './records';
export {
  BATCH_TOUCHPOINTS,
  formatImportError,
  MAX_REPORTED_ERRORS,
  WORKSPACE_FORMAT,
  WORKSPACE_VERSION,
  type ImportError,
  type ImportOptions,
  type ImportPreview,
  type ImportResult,
} from './types';

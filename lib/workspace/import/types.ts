/** The import's public shapes and limits, and the errors its parts throw to one another. */
import type { DateOrder } from '../dates';
import type { PresetId } from '../presets';
/** The error list stops here; `errorCount` keeps counting. */
export const MAX_REPORTED_ERRORS = 1000;
export const PREVIEW_BYTES = 64 * 1024;
export const SAMPLE_ROWS = 5;
/**
 * Reading and staging take this share of the progress bar; the last steps and the commit the
 * rest (writing a lead costs the browser about as much as reading some tens of rows).
 */
export const READ_SHARE = 0.8;
/**
 * Touchpoints held before they are written as one batch: large enough that each lead gets a
 * chunk of several touchpoints and transactions are few, small enough to bound memory. A batch
 * is held up to four times while it is written (packed, laid out in blocks, cloned by
 * IndexedDB, in transit to the browser) and one is written while the next is read: at 100,000
 * the browser's added memory passed 300 MB on a million-row file, at 50,000 some 50 MB less;
 * 40,000 saved nothing more measurable and made a lead's history more records to read.
 */
export const BATCH_TOUCHPOINTS = 50_000;

export const WORKSPACE_FORMAT = 'loopline-workspace';
export const WORKSPACE_VERSION = 1;

/** `line` 1 is the header (CSV) or the first line (JSON); 0 means the file as a whole. */
export interface ImportError {
  line: number;
  reason: string;
}

export function formatImportError(error: ImportError): string {
  return error.line > 0 ? `line ${error.line}: ${error.reason}` : error.reason;
}

export interface ImportPreview {
  format: 'csv' | 'json';
  headers: string[];
  /** The first rows (CSV) or records (JSON), keyed by header. */
  sampleRows: Record<string, string>[];
  /** The preset the headers suggest, or null when none fits. */
  preset: PresetId | null;
  /** Exact for a file read whole by the preview, else extrapolated from its start. */
  rowCountEstimate: number;
  /** Why the file cannot be imported as it stands, when the start already shows it. */
  problem?: string;
}

export interface ImportOptions {
  preset: PresetId;
  mode: 'replace' | 'merge';
  onProgress?: (fraction: number, rowsDone: number) => void;
  signal?: AbortSignal;
  /** Write the good rows even when some are bad (they are still reported). */
  allowPartial?: boolean;
  /** Zone of times written without an offset; defaults to the browser's. */
  timeZone?: string;
  /** How to read slashed dates (dates.ts); month first unless told otherwise. */
  dateOrder?: DateOrder;
  /** Bytes per read; the default suits the UI, tests use tiny ones to split rows anywhere. */
  chunkBytes?: number;
  /** Touchpoints per staged batch (BATCH_TOUCHPOINTS); tests use tiny ones. */
  batchTouchpoints?: number;
  /**
   * The import is about to commit: from here on it completes (or fails) and `signal` is no
   * longer heeded, so a cancel button should say so.
   */
  onCommit?: () => void;
}

export interface ImportResult {
  /** The data was written. */
  ok: boolean;
  /** What the file holds that is good (written when ok). */
  leads: number;
  touchpoints: number;
  campaigns: number;
  /** Data rows (CSV) or records (JSON) read. */
  rows: number;
  /** Rows recognised and deliberately left out (e.g. DELIVERED events, sample records). */
  skipped: number;
  /** The first MAX_REPORTED_ERRORS problems, in file order. */
  errors: ImportError[];
  /** All problems, including those past the list's cap. */
  errorCount: number;
}

/** The browser refused to store a batch (quota, the disk): nothing is saved. */
export class WriteError extends Error {
  constructor(cause: unknown) {
    super(
      `nothing was saved: the browser refused the write (${cause instanceof Error ? cause.message : String(cause)})`,
    );
  }
}

/** A problem that stops the whole file being read (missing columns, unbalanced quote, bad JSON). */
export class FatalImportError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

export function checkAbort(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason ?? new DOMException('The import was cancelled.', 'AbortError');
}

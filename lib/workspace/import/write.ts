/**
 * Running an import and writing it: all of it, in one final step, or nothing. Touchpoints are
 * staged as they are read; leads and campaigns are written with the commit that makes the staged
 * touchpoints the workspace's (lib/store/workspace.ts, commitStaging).
 */
import type { DB } from '../../store/db';
import {
  cleanUpTouchpointSlots,
  openTouchpointStaging,
  type TouchpointStaging,
} from '../../store/touchpoints';
import { commitStaging } from '../../store/workspace';
import { CsvStructureError } from '../csv-stream';
import { JsonScanError } from '../json-scan';
import { PRESETS } from '../presets';
import { binaryReason, readHead } from '../read';
import { Collector } from './collector';
import { readCsv } from './csv';
import { readJson } from './json';
import { progressReporter } from './pace';
import { fillLead } from './records';
import {
  BATCH_TOUCHPOINTS,
  checkAbort,
  FatalImportError,
  READ_SHARE,
  WriteError,
  type ImportOptions,
  type ImportResult,
} from './types';

/**
 * Blocks the imported touchpoints are spread over (lib/store/touchpoint-blocks.ts): one per
 * BLOCK_BYTES of file, so that a lead's block (what reading its history reads) holds a few
 * thousand touchpoints whatever the file's size, while a batch still writes few records. Each
 * record costs the import's worker about 100 µs to hand to IndexedDB whatever its size: at
 * 512 KB a million-row file wrote 7,300 records; at 1 MB half as many, for about 1 s less and
 * the same lead lookups (17–20 ms median); at 2 MB the browser's added memory neared 300 MB.
 */
const BLOCK_BYTES = 1024 * 1024;
function stagingBlocks(bytes: number): number {
  return Math.min(4096, Math.max(1, Math.ceil(bytes / BLOCK_BYTES)));
}

const IMPORT_LOCK = 'loopline-import';

/** The share of the progress bar after reading that rewriting batches takes (the commit has the rest). */
const REWRITE_SHARE = (1 - READ_SHARE) / 10;

/**
 * One import at a time in this browser (another options tab, a worker left over), so that the
 * clean-up of staging slots never deletes one still being written. Without the Web Locks API
 * (tests), imports simply run.
 */
function withImportLock<T>(run: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as { locks?: LockManager } | undefined)?.locks;
  return locks ? locks.request(IMPORT_LOCK, run) : run();
}

/** Deletes staging slots a cancelled, failed or crashed import left, unless an import is running. */
export async function cleanUpAfterImports(db: DB): Promise<void> {
  const locks = (globalThis.navigator as { locks?: LockManager } | undefined)?.locks;
  if (!locks) {
    await cleanUpTouchpointSlots(db);
    return;
  }
  await locks.request(IMPORT_LOCK, { ifAvailable: true }, async (lock) => {
    if (lock) await cleanUpTouchpointSlots(db);
  });
}

const isFatal = (error: unknown): error is FatalImportError | CsvStructureError | JsonScanError =>
  error instanceof FatalImportError || error instanceof CsvStructureError || error instanceof JsonScanError;

/**
 * Streams `file` through the preset, validates every row, and writes the result to the
 * 'imported' workspace — all of it, in one final step, or nothing (see the file comment).
 * Cancelling through `signal` rejects with the signal's reason and changes nothing, until
 * `onCommit` has been called: from then on the import completes.
 */
export async function importWorkspace(db: DB, file: Blob, options: ImportOptions): Promise<ImportResult> {
  checkAbort(options.signal);
  return withImportLock(async () => {
    // What a crashed or cancelled import left behind goes before a new one starts.
    await cleanUpTouchpointSlots(db);
    const staging = await openTouchpointStaging(db, 'imported', stagingBlocks(file.size));
    try {
      return await importInto(db, staging, file, options);
    } finally {
      // Anything but a commit leaves the staged touchpoints to delete; after one, the replaced slot.
      await cleanUpTouchpointSlots(db);
    }
  });
}

async function importInto(
  db: DB,
  staging: TouchpointStaging,
  file: Blob,
  options: ImportOptions,
): Promise<ImportResult> {
  const preset = PRESETS[options.preset];
  const writable = () => collector.errorCount === 0 || options.allowPartial === true;
  const collector: Collector = new Collector(
    staging,
    options.batchTouchpoints ?? BATCH_TOUCHPOINTS,
    writable,
  );
  const progress = progressReporter(options.onProgress);
  checkAbort(options.signal);
  try {
    const binary = binaryReason(await readHead(file));
    if (binary) throw new FatalImportError(0, binary);
    if (preset.format === 'json') await readJson(file, collector, options, progress);
    else await readCsv(file, preset, collector, options, progress);
  } catch (error) {
    if (error instanceof WriteError) {
      collector.error(0, error.message);
    } else {
      if (!isFatal(error)) throw error;
      collector.error(error.line, error.message);
    }
    collector.fatal = true;
  }
  checkAbort(options.signal);

  const hasData = collector.leads.size > 0;
  if (!collector.fatal && !hasData && collector.errorCount === 0)
    collector.error(0, 'nothing to import: the file has no data rows');
  let written = false;
  if (!collector.fatal && hasData && writable()) {
    try {
      await collector.flush(true);
      // Only a file that repeats an id across batches has anything to rewrite.
      await staging.dropEarlier(collector.replacedLater, {
        signal: options.signal,
        onProgress: (done, of) => progress(READ_SHARE + REWRITE_SHARE * (done / of), collector.rows),
      });
      const leads = [...collector.leads.values()];
      if (options.mode === 'merge') await staging.carryOver('imported', (id) => collector.ids.has(id));
      const writeFrom = READ_SHARE + REWRITE_SHARE;
      collector.releaseReading();
      progress(writeFrom, collector.rows);
      checkAbort(options.signal);
      options.onCommit?.();
      await commitStaging(
        db,
        'imported',
        staging,
        // Merge mode: what is stored fills the gaps the file leaves in a lead it has; the stored
        // leads the file does not have are carried over as they are.
        { leads, campaigns: [...collector.campaigns.values()], mode: options.mode, fill: fillLead },
        // The bar moves through the write of the leads, and stops short of 1 until it commits.
        (done, of) => progress(writeFrom + (1 - writeFrom) * 0.99 * (done / Math.max(1, of)), collector.rows),
      );
      written = true;
    } catch (error) {
      if (options.signal?.aborted && error === options.signal.reason) throw error;
      collector.error(0, (error instanceof WriteError ? error : new WriteError(error)).message);
    }
  }
  progress(1, collector.rows);
  return {
    ok: written,
    leads: collector.leads.size,
    touchpoints: collector.touchpoints,
    campaigns: collector.campaigns.size,
    rows: collector.rows,
    skipped: collector.skipped,
    errors: collector.errors,
    errorCount: collector.errorCount,
  };
}

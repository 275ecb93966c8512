/**
 * Imports off the page's thread: the options page hands the File (a handle, not a copy) to a
 * dedicated worker, which reads, parses and writes it to IndexedDB itself and reports back only
 * progress and the result. The page stays responsive whatever the file's size, and no row
 * crosses between the two.
 *
 * Page → worker: `start` (once), `cancel`. Worker → page: `progress`…, `committing` (from here
 * the import completes: `cancel` is ignored), then `done` or `failed`.
 */
import type { DB } from '../store/db';
import { importWorkspace, type ImportOptions, type ImportResult } from './import';
import type { PresetId } from './presets';

export interface ImportStart {
  type: 'start';
  file: Blob;
  preset: PresetId;
  mode: ImportOptions['mode'];
  allowPartial: boolean;
}

export type ToImportWorker = ImportStart | { type: 'cancel' };

export type FromImportWorker =
  | { type: 'progress'; fraction: number; rows: number }
  | { type: 'committing' }
  | { type: 'done'; result: ImportResult }
  | { type: 'failed'; cancelled: boolean; message: string };

/** Progress told to the page at most this often: a bar needs no more, and each costs it a render. */
const PROGRESS_MS = 50;

/** The worker's side: wire it to `self` (entrypoints/options/import.worker.ts). */
export function createImportWorkerHandler(
  openDb: () => Promise<DB>,
  post: (message: FromImportWorker) => void,
): (message: ToImportWorker) => void {
  const controller = new AbortController();
  let started = false;
  let lastProgress = Number.NEGATIVE_INFINITY;
  return (message) => {
    if (message.type === 'cancel') {
      controller.abort(new DOMException('The import was cancelled.', 'AbortError'));
      return;
    }
    if (started) return;
    started = true;
    void (async () => {
      try {
        const result = await importWorkspace(await openDb(), message.file, {
          preset: message.preset,
          mode: message.mode,
          allowPartial: message.allowPartial,
          signal: controller.signal,
          // What is read from the browser at once is larger (readText). A chunk's parsed rows
          // live until the chunk is done: at 512 KB many outlived a young-generation collection
          // and the browser's memory during a million-row import came near 300 MB; at 128 KB,
          // some 20-40 MB less, for the same speed once progress is told less often.
          chunkBytes: 128 * 1024,
          onProgress: (fraction, rows) => {
            const now = performance.now();
            if (now - lastProgress < PROGRESS_MS && fraction < 1) return;
            lastProgress = now;
            post({ type: 'progress', fraction, rows });
          },
          onCommit: () => post({ type: 'committing' }),
        });
        post({ type: 'done', result });
      } catch (error) {
        post({
          type: 'failed',
          cancelled: controller.signal.aborted,
          message: error instanceof Error ? error.message : String(error),
        });
      }
    })();
  };
}

/** The page's side: runs one import in `worker` and ends it when the import ends. */
export function runImportInWorker(
  worker: Pick<Worker, 'postMessage' | 'terminate' | 'addEventListener'>,
  start: Omit<ImportStart, 'type'>,
  options: Pick<ImportOptions, 'signal' | 'onProgress' | 'onCommit'>,
): Promise<ImportResult> {
  return new Promise<ImportResult>((resolve, reject) => {
    let committing = false;
    const cancel = () => {
      if (!committing) worker.postMessage({ type: 'cancel' } satisfies ToImportWorker);
    };
    const finish = () => {
      options.signal?.removeEventListener('abort', cancel);
      worker.terminate();
    };
    worker.addEventListener('message', (event: MessageEvent<FromImportWorker>) => {
      const message = event.data;
      if (message.type === 'progress') options.onProgress?.(message.fraction, message.rows);
      else if (message.type === 'committing') {
        committing = true;
        options.onCommit?.();
      } else if (message.type === 'done') {
        finish();
        resolve(message.result);
      } else {
        finish();
        reject(
          message.cancelled
            ? (options.signal?.reason ?? new DOMException(message.message, 'AbortError'))
            : new Error(message.message),
        );
      }
    });
    worker.addEventListener('error', (event: ErrorEvent) => {
      finish();
      reject(new Error(`the import stopped: ${event.message || 'the worker failed'}`));
    });
    options.signal?.addEventListener('abort', cancel);
    worker.postMessage({ type: 'start', ...start } satisfies ToImportWorker);
    if (options.signal?.aborted) cancel();
  });
}

/** How a long import shares its thread: turns given back to the page, progress never backwards. */
import type { ImportOptions } from './types';

/** Work between two turns given back to the page: well under a frame at 60 Hz. */
const SLICE_MS = 10;

/** A turn of the event loop without setTimeout's 4 ms clamp (a worker has no scheduler.yield). */
function nextTask(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/**
 * Gives the thread a turn when this import has run for a slice, so a long import never freezes
 * a page and a worker hears "cancel", while many small chunks in a row do not each pay for a
 * trip through the event loop.
 */
export function createYielder(): () => Promise<void> {
  let since = performance.now();
  return async () => {
    if (performance.now() - since < SLICE_MS) return;
    await nextTask();
    since = performance.now();
  };
}

export function progressReporter(onProgress: ImportOptions['onProgress']) {
  let last = 0;
  return (fraction: number, rows: number) => {
    // Never backwards, whatever rounding does.
    last = Math.max(last, Math.min(1, fraction));
    onProgress?.(last, rows);
  };
}

/** The import worker's side: what it tells the page while a file is imported. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createImportWorkerHandler, type FromImportWorker } from './import-worker';
import { freshDb } from './import/test-helpers';
import { syntheticMarketoCsv } from './synthetic';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('createImportWorkerHandler', () => {
  it('tells the page its progress at most every 50 ms, and always the end', async () => {
    // About 1 MB: several of the worker's chunks.
    const file = new Blob([...syntheticMarketoCsv(5_000, 250, 3)]);
    // A clock that moves 20 ms whenever anyone reads it.
    let clock = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => (clock += 20));
    const db = await freshDb();
    const told: { message: FromImportWorker; at: number }[] = [];
    const finished = new Promise<void>((resolve) => {
      const handle = createImportWorkerHandler(
        async () => db,
        (message) => {
          told.push({ message, at: clock });
          if (message.type === 'done' || message.type === 'failed') resolve();
        },
      );
      handle({ type: 'start', file, preset: 'marketo-activity', mode: 'replace', allowPartial: false });
    });
    await finished;
    expect(told.at(-1)?.message).toMatchObject({ type: 'done', result: { ok: true, rows: 5_000 } });
    const progress = told.filter(({ message }) => message.type === 'progress');
    expect(progress.length).toBeGreaterThan(1);
    const fractions = progress.map(({ message }) => (message as { fraction: number }).fraction);
    expect(fractions.at(-1)).toBe(1);
    // Every report but the last (the end) comes 50 ms or more after the one before.
    for (let i = 1; i < progress.length - 1; i++) {
      expect(progress[i]!.at - progress[i - 1]!.at).toBeGreaterThanOrEqual(50);
    }
  });
});

/** Progress, cancelling, and the staged writes a cancel must leave untouched. */
import { describe, expect, it } from 'vitest';
import { replaceWorkspace, workspaceHistory } from '../../store/workspace';
import { LOOPLINE_CSV_COLUMNS } from '../presets';
import { importWorkspace } from '.';
import { fixture, freshDb, options, SAMPLE, snapshot } from './test-helpers';
import { READ_SHARE } from './types';

describe('importWorkspace: progress and cancelling', () => {
  it('reports progress that never goes back and ends at 1 with every row', async () => {
    const db = await freshDb();
    const calls: [number, number][] = [];
    const result = await importWorkspace(
      db,
      fixture('loopline.csv'),
      options('loopline-csv', {
        chunkBytes: 200,
        onProgress: (fraction, rows) => calls.push([fraction, rows]),
      }),
    );
    expect(calls.length).toBeGreaterThan(5);
    for (let i = 1; i < calls.length; i++) {
      expect(calls[i]![0]).toBeGreaterThanOrEqual(calls[i - 1]![0]);
      expect(calls[i]![1]).toBeGreaterThanOrEqual(calls[i - 1]![1]);
    }
    expect(calls.every(([fraction]) => fraction >= 0 && fraction <= 1)).toBe(true);
    expect(calls.at(-1)).toEqual([1, result.rows]);
    // Before the write, the bar stops short of the end.
    expect(calls.at(-2)![0]).toBeLessThan(1);
  });

  it.each([
    ['while reading', (fraction: number) => fraction > 0],
    ['after reading, before writing', (fraction: number) => fraction >= READ_SHARE],
  ])('cancelling %s rejects and writes nothing', async (_when, shouldAbort) => {
    const db = await freshDb();
    await replaceWorkspace(db, 'sample', SAMPLE);
    await importWorkspace(db, fixture('hubspot-contacts.csv'), options('hubspot-contacts'));
    const before = await snapshot(db);
    const controller = new AbortController();
    const reason = new Error('cancelled by the user');
    const run = importWorkspace(
      db,
      fixture('loopline.csv'),
      options('loopline-csv', {
        chunkBytes: 300,
        signal: controller.signal,
        onProgress: (fraction) => {
          if (shouldAbort(fraction) && !controller.signal.aborted) controller.abort(reason);
        },
      }),
    );
    await expect(run).rejects.toBe(reason);
    expect(await snapshot(db)).toEqual(before);
  });

  it('rejects at once with a signal already aborted', async () => {
    const db = await freshDb();
    const controller = new AbortController();
    controller.abort();
    await expect(
      importWorkspace(db, fixture('loopline.csv'), options('loopline-csv', { signal: controller.signal })),
    ).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(await snapshot(db)).toEqual({ leads: [], touchpoints: [], campaigns: [] });
  });
});

describe('importWorkspace: staged writes', () => {
  it('cancelling while batches are being written leaves the earlier data and no staged rows', async () => {
    const db = await freshDb();
    await replaceWorkspace(db, 'sample', SAMPLE);
    await importWorkspace(db, fixture('hubspot-contacts.csv'), options('hubspot-contacts'));
    const before = await snapshot(db);
    const records = await db.count('touchpoints');
    const controller = new AbortController();
    const reason = new Error('cancelled by the user');
    let staged = 0;
    const run = importWorkspace(
      db,
      fixture('loopline.csv'),
      options('loopline-csv', {
        chunkBytes: 200,
        batchTouchpoints: 2,
        signal: controller.signal,
        onProgress: () => {
          // Abort only once batches have reached the database.
          if (controller.signal.aborted) return;
          void db.count('touchpoints').then((count) => {
            staged = Math.max(staged, count - records);
            if (count > records) controller.abort(reason);
          });
        },
      }),
    );
    await expect(run).rejects.toBe(reason);
    expect(staged).toBeGreaterThan(0);
    expect(await snapshot(db)).toEqual(before);
    expect(await db.count('touchpoints')).toBe(records);
  });

  it('after onCommit, cancelling no longer stops the import', async () => {
    const db = await freshDb();
    const controller = new AbortController();
    const result = await importWorkspace(
      db,
      fixture('loopline.csv'),
      options('loopline-csv', {
        signal: controller.signal,
        onCommit: () => controller.abort(new Error('too late')),
      }),
    );
    expect(result).toMatchObject({ ok: true, leads: 4, touchpoints: 16 });
    expect((await snapshot(db)).touchpoints).toHaveLength(16);
  });

  it('writes the same workspace in batches of any size, merge mode and repeated ids included', async () => {
    const results = [];
    for (const batchTouchpoints of [1, 3, 1000]) {
      const db = await freshDb();
      await importWorkspace(db, fixture('hubspot-email-activity.csv'), options('hubspot-email'));
      const csv = [
        LOOPLINE_CSV_COLUMNS.join(','),
        'ada@example.com,Ada,,,,,,,,,t-1,2026-01-01T00:00:00Z,page_view,,,,first,,,,',
        'ada@example.com,,,,,,,,,,t-2,2026-01-02T00:00:00Z,page_view,,,,second,,,,',
        'bob@example.com,Bob,,,,,,,,,t-3,2026-01-03T00:00:00Z,page_view,,,,third,,,,',
        // The same id again, later in the file: it replaces the first.
        'ada@example.com,,,,,,,,,,t-1,2026-01-04T00:00:00Z,page_view,,,,first again,,,,',
      ].join('\n');
      const result = await importWorkspace(
        db,
        new Blob([csv]),
        options('loopline-csv', { mode: 'merge', batchTouchpoints, chunkBytes: 64 }),
      );
      expect(result).toMatchObject({ ok: true, touchpoints: 3 });
      const ada = await workspaceHistory(db, 'ada@example.com');
      expect(ada.map((t) => t.title)).toEqual(['first again', 'second']);
      const stored = await snapshot(db);
      results.push(stored);
      expect(await db.count('touchpoints')).toBeGreaterThan(0);
    }
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
  });
});

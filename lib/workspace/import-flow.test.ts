import { describe, expect, it, vi } from 'vitest';
import { createImportFlow, type ImportFlowIO, type ImportOutcome } from './import-flow';

const FILE = new File(['email\na@b.example\n'], 'leads.csv');
const OUTCOME: ImportOutcome = { ok: true, leads: 1, touchpoints: 2, campaigns: 0, rows: 1, errors: [] };

type Io = ImportFlowIO<{ detectedPreset?: string }, ImportOutcome>;

function flowWith(run: Io['import'], announce = vi.fn(async () => ({ ok: true as const }))) {
  const io: Io = { preview: async () => ({ detectedPreset: 'loopline-csv' }), import: run };
  const onImported = vi.fn();
  return { flow: createImportFlow({ io, announceChange: announce, onImported }), announce, onImported };
}

describe('createImportFlow', () => {
  it('takes the format the preview recognises, imports, tells the background and says what was imported', async () => {
    const { flow, announce, onImported } = flowWith(async (_file, request) => {
      request.onProgress({ fraction: 1.5, rows: 1 });
      expect(flow.progress.value).toEqual({ fraction: 1, rows: 1 });
      return OUTCOME;
    });
    await flow.choose(FILE);
    expect(flow.preset.value).toBe('loopline-csv');
    await flow.start();
    expect(announce).toHaveBeenCalledOnce();
    expect(onImported).toHaveBeenCalledOnce();
    expect(flow.line.value).toEqual({
      kind: 'ok',
      text: 'Imported 1 leads, 2 activities and 0 campaigns from 1 rows.',
    });
    expect(flow.running.value).toBe(false);
  });

  it('asks for a file, then a format, before importing', async () => {
    const run = vi.fn();
    const { flow } = flowWith(run);
    await flow.start();
    expect(flow.fileErrors.value).toEqual(['Choose a file first.']);
    flow.file.value = FILE;
    await flow.start();
    expect(flow.line.value).toEqual({ kind: 'error', text: 'Choose the format of the file.' });
    expect(run).not.toHaveBeenCalled();
  });

  it('cancelling says nothing was changed, and the background is not told', async () => {
    const { flow, announce } = flowWith(
      (_file, request) =>
        new Promise((_resolve, reject) =>
          request.signal.addEventListener('abort', () => reject(request.signal.reason)),
        ),
    );
    await flow.choose(FILE);
    const running = flow.start();
    expect(flow.running.value).toBe(true);
    flow.cancel();
    await running;
    expect(flow.line.value).toEqual({ kind: 'error', text: 'Import cancelled; nothing was changed.' });
    expect(announce).not.toHaveBeenCalled();
    expect(flow.running.value).toBe(false);
  });

  it('reports bad rows without writing, and shows when the import can no longer be cancelled', async () => {
    let sawCommitting = false;
    const { flow, announce } = flowWith(async (_file, request) => {
      request.onCommit?.();
      sawCommitting = flow.committing.value;
      return { ...OUTCOME, ok: false, errors: [{ line: 3, reason: 'email: missing' }], errorCount: 2 };
    });
    await flow.choose(FILE);
    await flow.start();
    expect(sawCommitting).toBe(true);
    expect(flow.committing.value).toBe(false);
    expect(flow.line.value?.text).toBe(
      'Nothing was imported: 2 rows have problems. Fix them, or choose to import the good rows only.',
    );
    expect(flow.result.value?.errors).toEqual([{ line: 3, reason: 'email: missing' }]);
    expect(announce).not.toHaveBeenCalled();
  });
});

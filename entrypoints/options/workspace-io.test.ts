import { describe, expect, it, vi } from 'vitest';
import { openLooplineDB } from '@/lib/store/db';
import { createWorkspaceIO } from './workspace-io';

const CSV = [
  'Email,First Name,Last Name,Company Name,Lifecycle Stage',
  'ada@example.com,Ada,Lovelace,Engines,lead',
  'bad-address,Bob,B,Acme,lead',
].join('\n');

describe('createWorkspaceIO', () => {
  const db = () => openLooplineDB(`workspace-io-${crypto.randomUUID()}`);

  it('lists every preset with its label', () => {
    const io = createWorkspaceIO(db);
    expect(io.presets.map((preset) => preset.id)).toContain('hubspot-contacts');
    expect(io.presets.every((preset) => preset.label.length > 0)).toBe(true);
  });

  it('previews a CSV as columns, rows, the detected preset and the column mapping', async () => {
    const io = createWorkspaceIO(db);
    const preview = await io.preview(new File([CSV], 'contacts.csv', { type: 'text/csv' }));
    expect(preview.columns).toEqual(['Email', 'First Name', 'Last Name', 'Company Name', 'Lifecycle Stage']);
    expect(preview.rows[0]).toEqual(['ada@example.com', 'Ada', 'Lovelace', 'Engines', 'lead']);
    expect(preview.detectedPreset).toBe('hubspot-contacts');
    expect(preview.mapping?.Email).toBeTruthy();
  });

  it('imports the good rows when allowed, reporting the bad one by line and progress on the way', async () => {
    const io = createWorkspaceIO(db);
    const onProgress = vi.fn();
    const result = await io.import(new File([CSV], 'contacts.csv'), {
      preset: 'hubspot-contacts',
      mode: 'replace',
      allowPartial: true,
      signal: new AbortController().signal,
      onProgress,
    });
    expect(result).toMatchObject({ ok: true, leads: 1, rows: 2 });
    expect(result.errors).toEqual([{ line: 3, reason: expect.any(String) }]);
    expect(onProgress).toHaveBeenLastCalledWith({ fraction: 1, rows: 2 });
  });

  it('refuses an unknown preset', async () => {
    const io = createWorkspaceIO(db);
    await expect(
      io.import(new File([CSV], 'x.csv'), {
        preset: 'nope',
        mode: 'replace',
        allowPartial: false,
        signal: new AbortController().signal,
        onProgress: () => {},
      }),
    ).rejects.toThrow(/unknown format/);
  });
});

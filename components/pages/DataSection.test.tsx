import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import type { Outcome } from '../../lib/model';
import { defaultSettings } from '../../lib/settings/schema';
import { DataSection } from './DataSection';
import { createSettingsForm } from './settings-form';
import { fakePermissions, fakeWorkspace, optionsDeps, settingsBackground } from './test-helpers';
import type { ImportRequest, WorkspaceIO } from './types';

const csv = () => new File(['Email,First Name\nada@example.com,Ada\n'], 'contacts.csv', { type: 'text/csv' });

function outcome(delivery: Outcome['delivery']): Outcome {
  return {
    id: crypto.randomUUID(),
    leadEmail: 'ada@example.com',
    kind: 'meeting_booked',
    createdAt: '2026-03-01T10:00:00.000Z',
    by: '',
    target: 'hubspot',
    attribution: { touches: [] },
    delivery,
    attempts: 0,
  };
}

async function renderData(
  options: { workspace?: WorkspaceIO; handlers?: Parameters<typeof settingsBackground>[1] } = {},
) {
  const background = settingsBackground(defaultSettings(), options.handlers);
  const permissions = fakePermissions(['https://api.hubapi.com/*', 'https://mail.google.com/*']);
  const deps = optionsDeps(background.client, {
    workspace: options.workspace ?? fakeWorkspace(),
    permissions: permissions.api,
  });
  const form = createSettingsForm(background.client);
  await form.load();
  render(<DataSection form={form} deps={deps} />);
  await screen.findByText(/leads and .* activities in the local workspace/);
  return { background, deps, form, permissions };
}

function chooseFile(label: string, file: File) {
  const input = screen.getByLabelText(label) as HTMLInputElement;
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  fireEvent.change(input);
}

describe('DataSection: import', () => {
  it('previews the file with the detected format and the column mapping', async () => {
    await renderData();
    chooseFile('File to import', csv());
    const table = await screen.findByRole('table', { name: /First rows of the file/ });
    expect(within(table).getByRole('columnheader', { name: /Email → email/ })).toBeTruthy();
    expect(within(table).getByRole('cell', { name: 'ada@example.com' })).toBeTruthy();
    expect((screen.getByLabelText('Format') as HTMLSelectElement).value).toBe('hubspot-contacts');
    expect(screen.getByText('Recognised as HubSpot contacts export.')).toBeTruthy();
  });

  it('cancels until the import commits, then disables Cancel and says why', async () => {
    let commit: () => void = () => {};
    let finish: () => void = () => {};
    const committed = new Promise<void>((resolve) => (commit = resolve));
    const finished = new Promise<void>((resolve) => (finish = resolve));
    const signals: AbortSignal[] = [];
    const importFn = vi.fn(async (_file: File, request: ImportRequest) => {
      signals.push(request.signal);
      request.onProgress({ fraction: 0.5, rows: 500 });
      await committed;
      request.onCommit?.();
      await finished;
      return { ok: true, leads: 1, touchpoints: 1, campaigns: 0, rows: 1, errors: [] };
    });
    await renderData({
      workspace: fakeWorkspace({ import: importFn }),
      handlers: { 'workspace.changed': () => ({}) },
    });
    chooseFile('File to import', csv());
    await screen.findByRole('table');
    fireEvent.click(screen.getByRole('button', { name: 'Import' }));
    const cancel = await screen.findByRole('button', { name: 'Cancel import' });
    expect((cancel as HTMLButtonElement).disabled).toBe(false);

    commit();
    await waitFor(() => expect((cancel as HTMLButtonElement).disabled).toBe(true));
    expect(cancel.getAttribute('aria-describedby')).toBe('import-committing');
    expect(screen.getByText('Saving the import: it can no longer be cancelled.')).toBeTruthy();
    fireEvent.click(cancel);
    expect(signals[0]!.aborted).toBe(false);
    finish();
    expect(await screen.findByText(/Imported 1 leads/)).toBeTruthy();
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Cancel import' })).toBeNull());
  });

  it('cancel before the commit aborts the import', async () => {
    const importFn = vi.fn(
      (_file: File, request: ImportRequest) =>
        new Promise<never>((_resolve, reject) =>
          request.signal.addEventListener('abort', () => reject(request.signal.reason)),
        ),
    );
    await renderData({ workspace: fakeWorkspace({ import: importFn }) });
    chooseFile('File to import', csv());
    await screen.findByRole('table');
    fireEvent.click(screen.getByRole('button', { name: 'Import' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Cancel import' }));
    expect(await screen.findByText('Import cancelled; nothing was changed.')).toBeTruthy();
  });

  it('imports with the chosen options, shows progress, then tells the background', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const importFn = vi.fn(async (_file: File, request: ImportRequest) => {
      request.onProgress({ fraction: 0.4, rows: 400 });
      await gate;
      return { ok: true, leads: 120, touchpoints: 900, campaigns: 4, rows: 1000, errors: [] };
    });
    const { background } = await renderData({
      workspace: fakeWorkspace({ import: importFn }),
      handlers: { 'workspace.changed': () => ({}) },
    });
    chooseFile('File to import', csv());
    await screen.findByRole('table');
    fireEvent.click(screen.getByLabelText('Keep it and add this file'));
    fireEvent.click(screen.getByLabelText(/Import the good rows only/));
    fireEvent.click(screen.getByRole('button', { name: 'Import' }));

    const bar = await screen.findByRole('progressbar', { name: 'Import progress' });
    await waitFor(() => expect(bar.getAttribute('aria-valuenow')).toBe('40'));
    expect(importFn.mock.calls[0]![1]).toMatchObject({
      preset: 'hubspot-contacts',
      mode: 'merge',
      allowPartial: true,
    });

    release();
    expect(
      await screen.findByText(/Imported 120 leads, 900 activities and 4 campaigns from 1,000 rows\./),
    ).toBeTruthy();
    expect(background.callsOf('workspace.changed')).toHaveLength(1);
    await waitFor(() => expect(screen.queryByRole('progressbar')).toBeNull());
  });

  it('lists the rows with problems and says nothing was imported', async () => {
    const { background } = await renderData({
      workspace: fakeWorkspace({
        import: vi.fn(async () => ({
          ok: false,
          leads: 1,
          touchpoints: 0,
          campaigns: 0,
          rows: 3,
          errors: [
            { line: 3, reason: 'Email: not an email address' },
            { line: 4, reason: 'Create Date: not a date' },
          ],
          errorCount: 2,
        })),
      }),
    });
    chooseFile('File to import', csv());
    await screen.findByRole('table');
    fireEvent.click(screen.getByRole('button', { name: 'Import' }));

    expect(await screen.findByText(/Nothing was imported: 2 rows have problems/)).toBeTruthy();
    const list = screen.getByRole('list', { name: 'Rows with problems' });
    expect(
      within(list)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(['Line 3: Email: not an email address', 'Line 4: Create Date: not a date']);
    expect(background.callsOf('workspace.changed')).toEqual([]);
  });

  it('asks for a format when none was recognised', async () => {
    const workspace = fakeWorkspace({
      preview: vi.fn(async () => ({
        columns: ['a'],
        rows: [['1']],
        problem: 'the columns do not match any preset',
      })),
    });
    await renderData({ workspace });
    chooseFile('File to import', csv());
    expect(await screen.findByText(/the columns do not match any preset/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Import' }));
    expect(await screen.findByText('Choose the format of the file.')).toBeTruthy();
    expect(workspace.import).not.toHaveBeenCalled();
  });
});

describe('DataSection: exports and settings files', () => {
  it('exports the outcome log as CSV', async () => {
    const workspace = fakeWorkspace();
    const { deps } = await renderData({
      workspace,
      handlers: { 'outcomes.list': () => [outcome('delivered')] },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Export the outcome log (CSV)' }));
    await screen.findByText('Exported 1 outcomes.');
    expect(workspace.outcomesToCsv).toHaveBeenCalledTimes(1);
    expect(deps.download).toHaveBeenCalledWith(
      'loopline-outcomes-2026-03-10.csv',
      'text/csv',
      'Id,Email\r\n',
    );
  });

  it('exports settings through the background (which leaves secrets out)', async () => {
    const { deps } = await renderData({ handlers: { 'settings.export': () => '{"version":2}' } });
    fireEvent.click(screen.getByRole('button', { name: 'Export settings (JSON)' }));
    await screen.findByText(/Tokens and keys are never in the file/);
    expect(deps.download).toHaveBeenCalledWith(
      'loopline-settings-2026-03-10.json',
      'application/json',
      '{"version":2}',
    );
  });

  it('shows a refused settings import next to the file picker and changes nothing', async () => {
    const { form } = await renderData({
      handlers: {
        'settings.import': () => {
          throw new Error(
            'These settings are from a newer Loopline (version 9); update Loopline to import them.',
          );
        },
      },
    });
    const before = structuredClone(form.saved.value);
    chooseFile(
      'Import settings from a file',
      new File(['{"version":9}'], 'settings.json', { type: 'application/json' }),
    );
    const message = await screen.findByText(/Nothing was changed\. These settings are from a newer Loopline/);
    const picker = screen.getByLabelText('Import settings from a file');
    expect(picker.getAttribute('aria-describedby')).toContain(
      (message.closest('.field-error') as HTMLElement).id,
    );
    expect(form.saved.value).toEqual(before);
  });

  it('takes an accepted settings import into the form', async () => {
    const imported = structuredClone(defaultSettings()); // defaults share references; never mutate them
    imported.you.name = 'Imported Name';
    const { form } = await renderData({
      handlers: { 'settings.import': () => ({ settings: imported, notices: [] }) },
    });
    chooseFile('Import settings from a file', new File(['{}'], 'settings.json'));
    await screen.findByText(/Settings imported\. Your saved tokens and keys were kept/);
    expect(form.saved.value?.you.name).toBe('Imported Name');
    expect(form.draft.value?.you.name).toBe('Imported Name');
  });

  it('says which secret an import cleared because it would have gone somewhere new', async () => {
    const imported = structuredClone(defaultSettings());
    imported.sources.rest.baseUrl = 'https://elsewhere.example';
    const notice =
      'The REST endpoint’s auth value was cleared because it would now be sent to https://elsewhere.example in the authorization header instead of https://rest.example.com in the authorization header. Enter it again if that is intended.';
    await renderData({ handlers: { 'settings.import': () => ({ settings: imported, notices: [notice] }) } });
    chooseFile('Import settings from a file', new File(['{}'], 'settings.json'));
    expect(await screen.findByText(`Settings imported. ${notice}`)).toBeTruthy();
    expect(screen.queryByText(/tokens and keys were kept/)).toBeNull();
  });
});

describe('DataSection: cleaning up', () => {
  it('deletes everything only after confirmation, warning about undelivered outcomes', async () => {
    const { background, permissions } = await renderData({
      handlers: {
        'outcomes.list': () => [outcome('failed'), outcome('pending'), outcome('delivered')],
        'data.deleteAll': () => ({}),
      },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Delete everything…' }));
    expect(await screen.findByText('2 outcomes have not been delivered yet and will be lost.')).toBeTruthy();
    await waitFor(() => expect(document.activeElement?.textContent).toBe('Cancel'));
    expect(background.callsOf('data.deleteAll')).toEqual([]);

    fireEvent.click(screen.getByRole('button', { name: 'Yes, delete everything' }));
    expect(await screen.findByText(/Everything Loopline kept in this browser was deleted/)).toBeTruthy();
    expect(background.callsOf('data.deleteAll')).toHaveLength(1);
    // Optional hosts are given back; the required Gmail host stays.
    expect(permissions.api.remove).toHaveBeenCalledWith({ origins: ['https://api.hubapi.com/*'] });
  });

  it('cancelling deletes nothing', async () => {
    const { background } = await renderData({
      handlers: { 'outcomes.list': () => [], 'data.deleteAll': () => ({}) },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Delete everything…' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('button', { name: 'Yes, delete everything' })).toBeNull();
    expect(background.callsOf('data.deleteAll')).toEqual([]);
  });

  it('clears the cache and removes the sample workspace', async () => {
    let sample = true;
    const { background } = await renderData({
      handlers: {
        'cache.clear': () => ({ cleared: 12 }),
        'workspace.stats': () => ({ leads: 300, touchpoints: 9000, sample }),
        'workspace.removeSample': () => {
          sample = false;
          return {};
        },
      },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Clear the cache' }));
    expect(await screen.findByText(/Cleared 12 cached leads/)).toBeTruthy();
    fireEvent.click(await screen.findByRole('button', { name: 'Remove the sample workspace' }));
    expect(await screen.findByText('The sample workspace was removed.')).toBeTruthy();
    expect(background.callsOf('workspace.removeSample')).toHaveLength(1);
    expect(await screen.findByRole('button', { name: 'Load the sample workspace' })).toBeTruthy();
  });
});

/**
 * Fakes for the page component tests: a background that answers from handlers (recording every
 * call), a browser permission store, and options-page deps built from them. Not imported by
 * production code.
 */
import { vi } from 'vitest';
import { ok, err, type Result } from '../../lib/messaging/result';
import type { PermissionsApi } from '../../lib/permissions';
import { defaultSettings, type Settings } from '../../lib/settings/schema';
import { maskedSettings } from '../../lib/settings/store';
import type { OptionsDeps, PageClient, WorkspaceIO } from './types';

type Handler = (payload: unknown) => unknown;

/** A handler's return value becomes `ok(value)`; a thrown Error becomes `err('bad_request', message)`. */
export function fakeClient(handlers: Record<string, Handler> = {}) {
  const calls: { type: string; payload: unknown }[] = [];
  const call = vi.fn(async (type: string, payload?: unknown): Promise<Result<unknown>> => {
    calls.push({ type, payload });
    const handler = handlers[type];
    if (!handler) return err('not_found', `no fake for ${type}`);
    try {
      return ok(await handler(payload));
    } catch (error) {
      return err('bad_request', error instanceof Error ? error.message : String(error));
    }
  });
  const client = { call } as unknown as PageClient;
  const callsOf = (type: string) =>
    calls.filter((entry) => entry.type === type).map((entry) => entry.payload);
  return { client, call, calls, callsOf };
}

/** A background holding settings: get answers them masked, save validates-free stores them. */
export function settingsBackground(
  initial: Settings = defaultSettings(),
  extra: Record<string, Handler> = {},
) {
  let stored = structuredClone(initial);
  const fake = fakeClient({
    'settings.get': () => ({ settings: maskedSettings(stored), notices: [] }),
    'settings.save': (payload) => {
      stored = (payload as { settings: Settings }).settings;
      return { settings: maskedSettings(stored), notices: [] };
    },
    'workspace.stats': () => ({ leads: 0, touchpoints: 0, sample: false }),
    ...extra,
  });
  return { ...fake, stored: () => stored };
}

export function fakePermissions(granted: string[] = [], answer = true) {
  const store = new Set(granted);
  const api = {
    request: vi.fn(async ({ origins }: { origins: string[] }) => {
      if (answer) origins.forEach((origin) => store.add(origin));
      return answer;
    }),
    remove: vi.fn(async ({ origins }: { origins: string[] }) => {
      origins.forEach((origin) => store.delete(origin));
      return true;
    }),
    contains: vi.fn(async ({ origins }: { origins: string[] }) =>
      origins.every((origin) => store.has(origin)),
    ),
    getAll: vi.fn(async () => ({ origins: [...store] })),
  } satisfies PermissionsApi;
  return { api, store };
}

export function optionsDeps(client: PageClient, overrides: Partial<OptionsDeps> = {}): OptionsDeps {
  return {
    client,
    permissions: fakePermissions().api,
    requiredHosts: ['https://mail.google.com/*'],
    download: vi.fn(),
    timeZones: ['Europe/Berlin', 'America/New_York', 'UTC'],
    localTimeZone: 'UTC',
    now: () => Date.parse('2026-03-10T12:00:00Z'),
    ...overrides,
  };
}

export function fakeWorkspace(overrides: Partial<WorkspaceIO> = {}): WorkspaceIO {
  return {
    presets: [
      { id: 'hubspot-contacts', label: 'HubSpot contacts export' },
      { id: 'loopline-csv', label: 'Loopline CSV' },
    ],
    preview: vi.fn(async () => ({
      columns: ['Email', 'First Name'],
      rows: [['ada@example.com', 'Ada']],
      detectedPreset: 'hubspot-contacts',
      mapping: { Email: 'email', 'First Name': 'firstName' },
    })),
    import: vi.fn(async () => ({ ok: true, leads: 1, touchpoints: 0, campaigns: 0, rows: 1, errors: [] })),
    exportWorkspaceJson: vi.fn(async () => '{"format":"loopline-workspace"}'),
    outcomesToCsv: vi.fn(() => 'Id,Email\r\n'),
    ...overrides,
  };
}

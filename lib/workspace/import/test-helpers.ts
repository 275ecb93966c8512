/** What the import's tests share: fixtures, a fresh database per test, and reading back what was written. */
import { readFileSync } from 'node:fs';
import { fileURLToPath, URL as NodeUrl } from 'node:url';
import type { Campaign, Lead, Touchpoint } from '../../model';
import { openLooplineDB, type DB } from '../../store/db';
import { allLeads } from '../../store/lead-blocks';
import { allTouchpoints } from '../../store/touchpoints';
import { getWorkspaceLead } from '../../store/workspace';
import type { PresetId } from '../presets';
import type { ImportOptions } from './types';

const FIXTURES = new NodeUrl('../../../test/fixtures/imports/', import.meta.url);
export const fixtureText = (name: string) => readFileSync(fileURLToPath(new NodeUrl(name, FIXTURES)), 'utf8');
export const fixture = (name: string) => new Blob([readFileSync(fileURLToPath(new NodeUrl(name, FIXTURES)))]);

let dbCount = 0;
/** Every test gets its own database, so none sees another's data. */
export const freshDb = () =>
  openLooplineDB(`workspace-import-${++dbCount}-${Math.random().toString(36).slice(2)}`);

export const options = (preset: PresetId, extra: Partial<ImportOptions> = {}): ImportOptions => ({
  preset,
  mode: 'replace',
  timeZone: 'UTC',
  ...extra,
});

export async function snapshot(db: DB) {
  const [leads, touchpoints, campaigns] = await Promise.all([
    allLeads(db),
    allTouchpoints(db),
    db.getAll('campaigns'),
  ]);
  return { leads, touchpoints, campaigns };
}

export async function lead(db: DB, email: string): Promise<Lead> {
  const found = await getWorkspaceLead(db, email);
  if (!found) throw new Error(`no lead ${email}`);
  return found.lead;
}

/** A small sample workspace, to show that imports never touch it. */
export const SAMPLE: { leads: Lead[]; touchpoints: Touchpoint[]; campaigns: Campaign[] } = {
  leads: [{ email: 'sample@sample.example', name: 'Sample Person', refs: [] }],
  touchpoints: [
    {
      id: 's-1',
      leadEmail: 'sample@sample.example',
      occurredAt: '2026-01-01T00:00:00.000Z',
      kind: 'page_view',
      title: 'Visited /',
      source: 'local',
    },
  ],
  campaigns: [{ id: 'sample-campaign', name: 'Sample campaign', channel: 'email' }],
};

/**
 * The bundled sample workspace: generated from a fixed seed on first run so that a new user
 * sees Loopline working before connecting anything. Clearly labelled; removable.
 */
import { generateSampleWorkspace } from '../sample/generate';
import type { DB } from '../store/db';
import { WRITE_BACK_ORDER } from '../leads/target';
import type { Settings } from '../settings/schema';
import { removeWorkspace, replaceWorkspace, workspaceStats } from '../store/workspace';

const SAMPLE_META = 'sample';
type SampleState = { state: 'loaded'; at: string } | { state: 'removed'; at: string };

/**
 * Whether to load the sample without being asked: only on a brand-new install, where nothing was
 * imported, no platform is connected and the sample was never loaded or removed. A user who
 * brings their own data first never sees sample data mixed into it; anyone else can ask for it
 * (welcome page, the sidebar's empty state, Options → Data).
 */
export async function sampleIsTheDefault(db: DB, settings: Settings): Promise<boolean> {
  if (!settings.sources.local.enabled) return false;
  if (WRITE_BACK_ORDER.some((source) => settings.sources[source].enabled)) return false;
  if ((await db.get('meta', SAMPLE_META)) !== undefined) return false;
  return (await workspaceStats(db, 'imported')).leads === 0;
}

/** Load the sample unless it is loaded already or the user removed it. Safe to call often. */
export async function ensureSampleWorkspace(db: DB, now = new Date(), force = false) {
  const meta = (await db.get('meta', SAMPLE_META)) as SampleState | undefined;
  if (!force && meta) return workspaceStats(db, 'sample');
  const data = generateSampleWorkspace({ seed: 42, now });
  await replaceWorkspace(db, 'sample', data);
  await db.put('meta', { state: 'loaded', at: now.toISOString() } satisfies SampleState, SAMPLE_META);
  return { leads: data.leads.length, touchpoints: data.touchpoints.length };
}

export async function removeSampleWorkspace(db: DB, now = new Date()) {
  await removeWorkspace(db, 'sample');
  await db.put('meta', { state: 'removed', at: now.toISOString() } satisfies SampleState, SAMPLE_META);
}

export async function hasSampleWorkspace(db: DB): Promise<boolean> {
  const meta = (await db.get('meta', SAMPLE_META)) as SampleState | undefined;
  return meta?.state === 'loaded';
}

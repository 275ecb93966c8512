/**
 * The sample workspace: a believable, fictional marketing database that Loopline ships with so
 * that a new user sees a working sidebar and report before connecting anything. It is generated,
 * not stored: the same (seed, now) always gives the same data, and all times are placed relative
 * to `now` so the sample never goes stale (MQL clocks running, pricing visits "this week").
 *
 * Two stages keep the named demo leads stable: who the people are (names, companies, stages,
 * personas) depends on the seed alone; what they did and when depends on the seed and `now`.
 * Each lead draws from its own random stream, so tuning one persona never reshuffles the others.
 *
 * Nothing is marked as machine activity here; the scanner-like opens and clicks are left for
 * lib/insights/machine.ts to find, as it must with real platform data.
 */
import type { Campaign, Lead, Touchpoint } from '../model';
import { activityOf } from './activity';
import { CAMPAIGNS } from './data';
import { createPeople, leadOf, type Named } from './people';

export const SAMPLE_SOURCE_LABEL = 'Sample workspace';
export const SAMPLE_SEED = 42;

export interface SampleWorkspace {
  leads: Lead[];
  touchpoints: Touchpoint[];
  campaigns: Campaign[];
}

export interface SampleOptions {
  seed?: number;
  now: Date;
}

export function generateSampleWorkspace({ seed = SAMPLE_SEED, now }: SampleOptions): SampleWorkspace {
  const persons = createPeople(seed);
  const nowMs = now.getTime();
  const touchpoints: Touchpoint[] = [];
  for (const person of persons) {
    touchpoints.push(...activityOf(person, seed, nowMs));
  }
  touchpoints.sort((a, b) => a.occurredAt.localeCompare(b.occurredAt) || a.id.localeCompare(b.id));
  return {
    leads: persons.map((person) => leadOf(person, nowMs)),
    touchpoints,
    campaigns: Object.values(CAMPAIGNS).map((campaign) => ({ ...campaign })),
  };
}

/**
 * Emails of three leads for tests and demos, the same for a seed whatever `now` is (SAMPLE_LEADS,
 * at the end of the file, has them for the default seed). `hot` visited pricing several times in
 * the last days and asked for a demo; `overdue` became an MQL a week ago and nobody followed up
 * (overdue against a 24 h SLA, business hours or not); `quiet` has done nothing for months.
 */
export function sampleLeadsFor(seed: number): Record<Named, string> {
  const persons = createPeople(seed);
  const find = (named: Named) => {
    const person = persons.find((p) => p.named === named);
    if (!person) throw new Error(`sample workspace has no ${named} lead`);
    return person.email;
  };
  return { hot: find('hot'), overdue: find('overdue'), quiet: find('quiet') };
}

// Last, because it runs the people stage (./people.ts) at import.
export const SAMPLE_LEADS: Readonly<Record<Named, string>> = Object.freeze(sampleLeadsFor(SAMPLE_SEED));

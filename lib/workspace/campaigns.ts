/**
 * Campaigns of imported files. Exports name a campaign but rarely give it an id that survives
 * from one export to the next, so the id is derived from the name, and the channel (which the
 * report groups by) is the platform's where it says (Mailchimp's and HubSpot's emails), else
 * guessed from words teams use in campaign names.
 */
import { hash64 } from './hash';

/** Case and runs of spaces do not make another campaign: "Q1  Webinar" is "q1 webinar". */
export function normaliseCampaignName(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

/**
 * A stable id: readable slug for debugging plus a hash of the whole normalised name, so two
 * names that slug alike ("Q1 webinar!" and "Q1 webinar?") stay apart.
 */
export function campaignIdFor(name: string): string {
  const normal = normaliseCampaignName(name);
  const slug = normal
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48);
  return `imp-${slug || 'campaign'}-${hash64(normal).slice(0, 8)}`;
}

/** The one channel guess, shared with the connectors (Marketo programs). */
export { guessChannel } from '../connectors/vocabulary';

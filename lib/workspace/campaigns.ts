/**
 * Campaigns of imported files. Exports name a campaign but rarely give it an id that survives
 * from one export to the next, so the id is derived from the name, and the channel (which the
 * report groups by) is guessed from words teams use in campaign names.
 */
import type { Channel } from '../model';
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

/**
 * First match wins, most specific first: "Webinar invite email" is the webinar's campaign,
 * "Nurture email 3" the nurture's, "Product update newsletter" the product's.
 */
const CHANNEL_RULES: readonly (readonly [RegExp, Channel])[] = [
  [/\bwebinars?\b|\bweb ?seminar|\bwebcast/i, 'webinar'],
  [/\bnurtur|\bdrip\b|\bonboarding (series|sequence|track)|\bengagement program/i, 'nurture'],
  [
    /\bproduct (update|news|launch|announcement)|\brelease notes?\b|\bchangelog\b|\bwhat'?s new\b|\bfeature launch/i,
    'product',
  ],
  [
    /\btrade ?shows?\b|\bconference\b|\bevents?\b|\bsummit\b|\broadshow\b|\bmeetups?\b|\bbooth\b|\bexpo\b|\bfield marketing/i,
    'event',
  ],
  [
    /\bwhite ?papers?\b|\be-?books?\b|\bguides?\b|\breports?\b|\bcase stud|\bcontent\b|\bsyndication\b|\bblog\b|\binfographic|\bchecklist\b|\btemplate/i,
    'content',
  ],
  [
    /\bpaid social\b|\blinked ?in\b|\bfacebook\b|\bmeta ads?\b|\binstagram\b|\btwitter\b|\bsocial ads?\b/i,
    'paid_social',
  ],
  [
    /\bpaid search\b|\bppc\b|\bsem\b|\bgoogle ads?\b|\badwords\b|\bbing ads?\b|\bads\b|\bad campaign\b|\bdisplay ads?\b|\bretargeting\b/i,
    'paid_search',
  ],
  [/\bnewsletters?\b|\bdigest\b|\be-?mail\b|\bblast\b|\bannouncement\b/i, 'email'],
  [/\bseo\b|\borganic\b|\bwebsite\b/i, 'organic'],
];

/** The channel a campaign name suggests, or `fallback` (what the export is about, e.g. email). */
export function guessChannel(name: string, fallback: Channel = 'other'): Channel {
  for (const [pattern, channel] of CHANNEL_RULES) if (pattern.test(name)) return channel;
  return fallback;
}

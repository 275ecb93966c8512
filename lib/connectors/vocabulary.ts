/**
 * What every platform's vocabulary shares: the one guess at a campaign's channel from its name
 * (for every path that has a name but no channel: Marketo programs, whose channels each instance
 * names itself, and the campaigns of imported files), loose type names, and which forms are
 * downloads. Pure and light: the options page's import worker loads it.
 */
import type { Channel } from '../model';

/**
 * First match wins, most specific first: "Webinar invite email" is the webinar's campaign,
 * "Nurture email 3" the nurture's, "Product update newsletter" the product's. Marketo's stock
 * channel names ("Tradeshow", "Engagement Program", "Social Media", "Website") are covered too.
 */
const CHANNEL_RULES: readonly (readonly [RegExp, Channel])[] = [
  [/\bwebinars?\b|\bweb ?seminar|\bwebcast/i, 'webinar'],
  [/\bnurtur|\bdrip\b|\bonboarding (series|sequence|track)|\bengagement\b/i, 'nurture'],
  [
    /\bproduct (update|news|launch|announcement)|\brelease notes?\b|\bchangelog\b|\bwhat'?s new\b|\bfeature launch/i,
    'product',
  ],
  [
    /\btrade ?shows?\b|\bconference\b|\bevents?\b|\bsummit\b|\broadshow\b|\bmeetups?\b|\bbooth\b|\bexpo\b|\bfield\b/i,
    'event',
  ],
  [
    /\bwhite ?papers?\b|\be-?books?\b|\bguides?\b|\breports?\b|\bcase stud|\bcontent\b|\bsyndication\b|\bblog\b|\binfographic|\bchecklist\b|\btemplate/i,
    'content',
  ],
  [
    /\bpaid social\b|\bsocial\b|\blinked ?in\b|\bfacebook\b|\bmeta ads?\b|\binstagram\b|\btwitter\b|\bsocial ads?\b/i,
    'paid_social',
  ],
  [
    /\bpaid search\b|\bppc\b|\bsem\b|\bgoogle ads?\b|\badwords\b|\bbing ads?\b|\bads\b|\bad campaign\b|\bdisplay ads?\b|\bretargeting\b/i,
    'paid_search',
  ],
  [/\bnewsletters?\b|\bdigest\b|\be-?mail\b|\bblast\b|\bannouncement\b/i, 'email'],
  [/\bseo\b|\borganic\b|\bwebsite\b|\bweb\b/i, 'organic'],
];

/**
 * Names repeat on most rows of a file: each is matched against the rules once. Kept as copies,
 * so that a name cut from a chunk of a file does not keep the chunk alive.
 */
const guessed = new Map<string, Channel | null>();

/** The channel a campaign or program name suggests, or `fallback` when it says nothing. */
export function guessChannel(name: string | undefined, fallback: Channel = 'other'): Channel {
  if (!name) return fallback;
  let channel = guessed.get(name);
  if (channel === undefined) {
    channel = CHANNEL_RULES.find(([pattern]) => pattern.test(name))?.[1] ?? null;
    if (guessed.size < 10_000) guessed.set(name.length < 13 ? name : (' ' + name).slice(1), channel);
  }
  return channel ?? fallback;
}

/**
 * Event and activity type names compare loosely: "Hard Bounce", "hard_bounce" and "HARDBOUNCE"
 * are one type. A file has a handful of types on a million rows: each is normalised once.
 */
const typeKeys = new Map<string, string>();
export function typeKey(value: string): string {
  let key = typeKeys.get(value);
  if (key === undefined) {
    key = value
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, '');
    if (typeKeys.size < 1_000) typeKeys.set(value, key);
  }
  return key;
}

/** Forms whose name says they hand out content count as downloads, as the report expects. */
export function formKind(formName: string | undefined): 'content_download' | 'form_submit' {
  return formName &&
    /\be-?books?\b|white ?papers?|\bguides?\b|\breports?\b|\bdownload|\bchecklist\b|\btemplates?\b/i.test(
      formName,
    )
    ? 'content_download'
    : 'form_submit';
}

/**
 * Outlook turns an address typed into To or Cc into a pill that shows the person's name and no
 * address, as soon as the user types `;` or picks the suggestion. The page then names someone
 * Loopline just saw the address of. Within one view (one draft), when a typed address goes away
 * in the same change as a new name-only recipient appears, or one change after it appeared, that
 * recipient is the address: the pair is kept for the view and the recipient keeps their address.
 *
 * Anything looser would be a guess: an address removed now and a name picked later are two
 * people, and two addresses gone with two names come are left alone rather than paired in some
 * order.
 */
import { nameKey } from '../model/person-name';
import type { Detection, LeadCandidate } from '../sites/types';

export interface TypedRecipients {
  /** The detection with each recipient the memory knows given their address. */
  apply(detection: Detection): Detection;
}

export function createTypedRecipients(): TypedRecipients {
  let view: string | null = null;
  /** Addresses in compose fields at the last detection. */
  let addresses = new Set<string>();
  /** Name-only recipients at the last detection, by name key, and the one before. */
  let names = new Set<string>();
  let namesBefore = new Set<string>();
  const pairs = new Map<string, string>();

  return {
    apply(detection) {
      if (detection.viewKey !== view) {
        view = detection.viewKey;
        addresses = new Set();
        names = new Set();
        namesBefore = new Set();
        pairs.clear();
      }
      const known = (list: LeadCandidate[]): LeadCandidate[] =>
        pairs.size === 0
          ? list
          : list.map((candidate): LeadCandidate => {
              if (candidate.email || candidate.role !== 'compose') return candidate;
              const email = pairs.get(nameKey(candidate.name));
              return email ? { ...candidate, email } : candidate;
            });
      let candidates = known(detection.candidates);
      const nowAddresses = new Set<string>();
      const nowNames = new Set<string>();
      for (const candidate of candidates) {
        if (candidate.role !== 'compose') continue;
        if (candidate.email) nowAddresses.add(candidate.email);
        else {
          const key = nameKey(candidate.name);
          if (key) nowNames.add(key);
        }
      }
      const gone = [...addresses].filter((email) => !nowAddresses.has(email));
      // Recipients who arrived in this change or the one before it, and are still there.
      const fresh = [...nowNames].filter((key) => !names.has(key) || !namesBefore.has(key));
      if (gone.length === 1 && fresh.length === 1) {
        pairs.set(fresh[0]!, gone[0]!);
        candidates = known(detection.candidates);
        nowNames.delete(fresh[0]!);
        nowAddresses.add(gone[0]!);
      }
      namesBefore = names;
      names = nowNames;
      addresses = nowAddresses;
      return pairs.size === 0 ? detection : { ...detection, candidates };
    },
  };
}

/**
 * Honest engagement: mail security scanners and link prefetchers open every message
 * and follow every link within seconds of delivery, which makes cold leads look hot. This marks
 * the touches that look like that, so the timeline can show them as such and scores and signals
 * can leave them out. It only adds flags; a platform's own flag (Marketo's Bot Activity) is kept.
 */
import type { Touchpoint } from '../model';
import { timeOf } from './kinds';

export interface MachineRules {
  /** An open this soon after its send is a scanner. */
  openWithinMs: number;
  /** A click this soon after its send, with no human open before it, is a scanner. */
  clickWithinMs: number;
  /** Clicks on several different links of one email, each within this of the previous one. */
  burstMs: number;
  /** How many different links make a burst. */
  burstMinLinks: number;
}

export const DEFAULT_MACHINE_RULES: MachineRules = {
  openWithinMs: 10_000,
  clickWithinMs: 30_000,
  burstMs: 5_000,
  burstMinLinks: 2,
};

export const PLATFORM_MACHINE_REASON = 'Marked as bot activity by the platform';

type EmailEvent = { index: number; at: number; touchpoint: Touchpoint };

/**
 * Returns the touchpoints in the same order; flagged ones are new objects with `machine: true`
 * and a `machineReason`, the rest are the input objects unchanged.
 */
export function markMachineActivity(
  touchpoints: readonly Touchpoint[],
  rules: MachineRules = DEFAULT_MACHINE_RULES,
): Touchpoint[] {
  const reasons = new Map<number, string>();
  for (const events of groupEmailEvents(touchpoints).values()) {
    flagGroup(events, rules, reasons);
  }
  const result = touchpoints.map((touchpoint, index) => {
    if (touchpoint.machine === true) {
      return touchpoint.machineReason
        ? touchpoint
        : { ...touchpoint, machineReason: PLATFORM_MACHINE_REASON };
    }
    const reason = reasons.get(index);
    return reason ? { ...touchpoint, machine: true, machineReason: reason } : touchpoint;
  });
  // Detection is idempotent: marking the result again with the same rules changes nothing. So
  // the insight functions, handed touchpoints the sidebar has marked already, need not redo it.
  if (rules === DEFAULT_MACHINE_RULES) marked.set(result, { length: result.length, result });
  return result;
}

const marked = new WeakMap<readonly Touchpoint[], { length: number; result: readonly Touchpoint[] }>();

/**
 * markMachineActivity with the default rules, remembered per input array: the sidebar hands the
 * same touchpoints to the score, the signals, the campaigns and the sparkline, and detection
 * need not run four times over a 20,000-touch history. For the insight functions only; the
 * result is shared, so it is read-only. An array that changed length is detected afresh.
 */
export function withMachineFlags(touchpoints: readonly Touchpoint[]): readonly Touchpoint[] {
  const hit = marked.get(touchpoints);
  if (hit && hit.length === touchpoints.length) return hit.result;
  const result = markMachineActivity(touchpoints);
  marked.set(touchpoints, { length: touchpoints.length, result });
  return result;
}

/**
 * Sends, opens and clicks of one email to one lead. Platforms name the email by its campaign
 * (HubSpot's emailCampaignId, Marketo's program); where there is none the subject is all we have.
 * Within a group each open or click belongs to the latest send before it.
 */
function groupEmailEvents(touchpoints: readonly Touchpoint[]): Map<string, EmailEvent[]> {
  const groups = new Map<string, EmailEvent[]>();
  touchpoints.forEach((touchpoint, index) => {
    if (
      touchpoint.kind !== 'email_sent' &&
      touchpoint.kind !== 'email_open' &&
      touchpoint.kind !== 'email_click'
    ) {
      return;
    }
    const at = timeOf(touchpoint);
    if (!Number.isFinite(at)) return;
    const email = touchpoint.campaign ? `c:${touchpoint.campaign.id}` : `t:${touchpoint.title}`;
    const key = `${touchpoint.leadEmail}\u0000${email}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = []));
    group.push({ index, at, touchpoint });
  });
  return groups;
}

const KIND_ORDER = { email_sent: 0, email_open: 1, email_click: 2 } as Record<string, number>;

function flagGroup(events: EmailEvent[], rules: MachineRules, reasons: Map<number, string>): void {
  // A send and its scanner open can share a timestamp to the second: the send goes first.
  events.sort(
    (a, b) => a.at - b.at || (KIND_ORDER[a.touchpoint.kind] ?? 0) - (KIND_ORDER[b.touchpoint.kind] ?? 0),
  );

  let sendAt: number | undefined;
  let humanOpenSinceSend = false;
  let clicks: EmailEvent[] = [];
  const flushClicks = () => {
    flagBursts(clicks, rules, reasons);
    clicks = [];
  };

  for (const event of events) {
    const { kind, machine } = event.touchpoint;
    if (kind === 'email_sent') {
      flushClicks();
      sendAt = event.at;
      humanOpenSinceSend = false;
      continue;
    }
    const sinceSend = sendAt === undefined ? undefined : event.at - sendAt;
    if (kind === 'email_open') {
      if (sinceSend !== undefined && sinceSend <= rules.openWithinMs && machine !== true) {
        reasons.set(event.index, `Opened ${seconds(sinceSend)} after the email was sent`);
      } else if (machine !== true) {
        humanOpenSinceSend = true;
      }
      continue;
    }
    clicks.push(event);
    if (
      sinceSend !== undefined &&
      sinceSend <= rules.clickWithinMs &&
      !humanOpenSinceSend &&
      machine !== true
    ) {
      reasons.set(event.index, `Clicked ${seconds(sinceSend)} after the email was sent, before any open`);
    }
  }
  flushClicks();
}

/** Clicks of one send, in time order: runs of quick clicks across several links. */
function flagBursts(clicks: EmailEvent[], rules: MachineRules, reasons: Map<number, string>): void {
  let start = 0;
  for (let i = 1; i <= clicks.length; i++) {
    const current = clicks[i];
    const previous = clicks[i - 1];
    if (current && previous && current.at - previous.at <= rules.burstMs) continue;
    const run = clicks.slice(start, i);
    start = i;
    // Clicks whose link is unknown count as one link: without evidence, assume a person.
    const links = new Set(run.map(({ touchpoint }) => touchpoint.url ?? touchpoint.detail ?? ''));
    if (links.size < rules.burstMinLinks) continue;
    const first = run[0];
    const last = run[run.length - 1];
    if (!first || !last) continue;
    const reason = `${links.size} links clicked within ${seconds(last.at - first.at)}`;
    for (const click of run) {
      if (!reasons.has(click.index)) reasons.set(click.index, reason);
    }
  }
}

function seconds(ms: number): string {
  return `${Math.max(0, Math.round(ms / 1000))} s`;
}

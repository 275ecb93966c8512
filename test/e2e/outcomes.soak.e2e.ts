/**
 * The outcome soak: 200 outcomes across every platform, through random faults at the fake
 * platform, none lost and none duplicated (the setting is described in outcomes.e2e.ts).
 */
import type { Outcome } from '../../lib/model';
import type { LeadView } from '../../lib/model/view';
import { createFakePlatform, type FakeHost } from '../fake-platform';
import { expect, saveSettingsWithAccess, test } from './fixtures';
import { openThread } from './support/outcome-setup';
import {
  outcomeLead,
  outcomeLog,
  personOf,
  recordOutcome,
  routeFake,
  seededRandom,
  sendFromPage,
  settingsFor,
  writesCarrying,
  type FaultKind,
} from './support/outcomes';

test.describe('soak', () => {
  const PLATFORMS: FakeHost[] = ['hubspot', 'marketo', 'mailchimp', 'rest'];
  const KINDS = ['meeting_booked', 'qualified', 'bad_timing', 'no_response', 'wrong_contact'];
  const LEADS_PER_PLATFORM = 5;
  const OUTCOMES = 200;
  /**
   * Seeds the outcome kinds and the fault picker. Request timing still varies from run to run,
   * so a failure names the seed and the faults, not an exact replay.
   */
  const SEED = 0x10091006;

  test('200 outcomes through random faults: none lost, none duplicated', async ({
    context,
    openExtensionPage,
  }) => {
    test.setTimeout(420_000);
    const platform = createFakePlatform();
    // Each lead is known to one platform only, so its outcomes go there.
    const leads = PLATFORMS.flatMap((source) =>
      Array.from({ length: LEADS_PER_PLATFORM }, (_, i) => {
        const lead = outcomeLead(`soak.${source}${i + 1}@soak-labs.example`, { platforms: [source] });
        platform.addLead(lead);
        return { email: lead.email, person: personOf(lead), source };
      }),
    );
    const routing = await routeFake(context, platform);
    const options = await openExtensionPage('options.html');
    await saveSettingsWithAccess(options, settingsFor(platform));

    // The salesperson has seen each lead in the sidebar before recording anything.
    for (const { email, source } of leads) {
      const view = await sendFromPage<LeadView>(options, 'lead.get', { email });
      expect(
        view.lead?.refs.map((ref) => ref.source),
        email,
      ).toEqual([source]);
    }
    // One thread with all of them on it: the sidebar records outcomes for people on its page.
    const [first, ...rest] = leads.map((lead) => lead.person);
    const sidebar = await openThread(context, [first!, ...rest]);

    const random = seededRandom(SEED);
    const budget = { total: 70, timeouts: 2, throttles: 4 };
    const injected: string[] = [];
    routing.pickFaults(({ method, host }) => {
      if (injected.length >= budget.total || random() >= 0.12) return undefined;
      const roll = random();
      let fault: FaultKind;
      if (roll < 0.35) fault = { kind: 'server_error', status: [500, 502, 503][Math.floor(random() * 3)] };
      else if (roll < 0.6) fault = { kind: 'network' };
      else if (roll < 0.75) fault = { kind: 'latency', ms: 200 + Math.floor(random() * 1500) };
      else if (roll < 0.9 && budget.throttles-- > 0) fault = { kind: 'rate_limit', retryAfterSeconds: 1 };
      else if (method !== 'GET' && budget.timeouts-- > 0) fault = { kind: 'timeout_after_write' };
      else fault = { kind: 'server_error', status: 503 };
      injected.push(`${fault.kind} → ${host}`);
      return fault;
    });

    const pickKind = seededRandom(SEED + 1);
    const drafts = Array.from({ length: OUTCOMES }, (_, i) => ({
      leadEmail: leads[i % leads.length]!.email,
      kind: KINDS[Math.floor(pickKind() * KINDS.length)]!,
    }));
    const recorded: Outcome[] = [];
    for (const draft of drafts) recorded.push(await recordOutcome(sidebar, draft));

    await expect
      .poll(
        async () => {
          const counts: Record<string, number> = {};
          for (const o of await outcomeLog(options)) counts[o.delivery] = (counts[o.delivery] ?? 0) + 1;
          return counts;
        },
        { timeout: 360_000, intervals: [2_000], message: `soak seed ${SEED}: faults ${injected.length}` },
      )
      .toEqual({ delivered: OUTCOMES });

    const final = await outcomeLog(options);
    const tally = (items: string[]) =>
      Object.entries(
        items.reduce<Record<string, number>>((acc, k) => ({ ...acc, [k]: (acc[k] ?? 0) + 1 }), {}),
      )
        .map(([k, n]) => `${k} ×${n}`)
        .join(', ');
    test.info().annotations.push({
      type: 'soak',
      description: `seed ${SEED}; faults: ${tally(injected)}; attempts: ${tally(final.map((o) => String(o.attempts)))}`,
    });
    expect(injected.length, 'faults injected').toBeGreaterThan(30);
    const target = new Map(leads.map((l) => [l.email, l.source]));
    const wrong: string[] = [];
    for (const outcome of recorded) {
      const source = target.get(outcome.leadEmail)!;
      const writes = writesCarrying(platform, outcome.id);
      const expected = {
        hubspotNotes: source === 'hubspot' ? 1 : 0,
        marketoActivities: source === 'marketo' ? 1 : 0,
        mailchimpNotes: source === 'mailchimp' ? 1 : 0,
        mailchimpEvents: source === 'mailchimp' ? 1 : 0,
        restOutcomes: source === 'rest' ? 1 : 0,
      };
      if (JSON.stringify(writes) !== JSON.stringify(expected))
        wrong.push(`${outcome.id} (${source}): ${JSON.stringify(writes)}`);
    }
    expect(wrong, `seed ${SEED}`).toEqual([]);
    // Nothing written that no recorded outcome accounts for.
    const per = (source: FakeHost) => recorded.filter((o) => target.get(o.leadEmail) === source).length;
    expect(platform.writes.hubspot.notes).toHaveLength(per('hubspot'));
    expect(platform.writes.marketo.activities).toHaveLength(per('marketo'));
    expect(platform.writes.mailchimp.notes).toHaveLength(per('mailchimp'));
    expect(platform.writes.mailchimp.events).toHaveLength(per('mailchimp'));
    expect(platform.writes.rest.outcomes).toHaveLength(per('rest'));
  });
});

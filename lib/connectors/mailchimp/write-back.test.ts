// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { SEED_EMAILS } from '../../../test/fake-platform';
import { makeOutcome } from '../test-outcome';
import { rejection, setup } from './test-setup';

describe('Mailchimp writeOutcome', () => {
  it('adds a tag, a note and an event carrying the outcome id', async () => {
    const { platform, connector } = setup();
    const lead = (await connector.lookup(SEED_EMAILS.mql))!;
    const outcome = makeOutcome({
      leadEmail: lead.email,
      target: 'mailchimp',
      kind: 'won',
      label: 'Won',
      amount: 24000,
      currency: 'EUR',
      note: 'n'.repeat(4000),
    });
    const receipt = await connector.writeOutcome(lead, outcome);
    const { tags, notes, events } = platform.writes.mailchimp;
    expect(tags).toEqual([
      {
        listId: 'a1b2c3d4e5',
        hash: platform.lead(SEED_EMAILS.mql)!.mailchimpHash,
        tags: [{ name: 'loopline:won', status: 'active' }],
      },
    ]);
    expect(notes).toHaveLength(1);
    expect(notes[0]!.note.length).toBeLessThanOrEqual(1000);
    expect(notes[0]!.note).toContain(`Outcome id: ${outcome.id}`);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      name: 'loopline_outcome',
      properties: {
        outcome_id: outcome.id,
        kind: 'won',
        amount: '24000',
        currency: 'EUR',
        campaigns: 'Brand Search, Q1 Automation Webinar',
      },
      occurred_at: outcome.createdAt,
    });
    expect(receipt.receipt).toMatch(/: tag loopline:won; event loopline_outcome; note 7001$/);
    // The note, the record a retry looks for, is written last.
    const posts = platform.requests.filter((r) => r.method === 'POST').map((r) => r.path.split('/').at(-1));
    expect(posts).toEqual(['tags', 'events', 'notes']);
  });

  // Mailchimp lists an event only once it has processed it: a retry cannot look for the event.
  const LISTED_AFTER = 10 * 60_000;

  it.each([
    ['a timeout on /tags', /\/tags$/, 'timeout_after_write'],
    ['a broken connection on /tags', /\/tags$/, 'reset_after_write'],
    ['a timeout on /events', /\/events$/, 'timeout_after_write'],
    ['a timeout on /notes', /\/notes$/, 'timeout_after_write'],
    ['a broken connection on /notes', /\/notes$/, 'reset_after_write'],
  ] as const)(
    'writes each record once after %s that reached Mailchimp, checked at once',
    async (_name, path, kind) => {
      const { clock, platform, connector } = setup();
      platform.config.mailchimp.eventsListedAfterMs = LISTED_AFTER;
      const lead = (await connector.lookup(SEED_EMAILS.mql))!;
      const outcome = makeOutcome({ leadEmail: lead.email, target: 'mailchimp' });
      platform.fault({ host: 'mailchimp', path, method: 'POST', kind, times: 1 });
      const first = rejection(connector.writeOutcome(lead, outcome));
      await clock.advance(10_000);
      expect((await first).ambiguous).toBe(true);

      // Right away: the event is not listed yet, and must not be sent twice.
      const receipt = await connector.writeOutcome(lead, outcome, { checkFirst: true });
      const { tags, notes, events } = platform.writes.mailchimp;
      expect([notes.length, events.length, tags.length]).toEqual([1, 1, 1]);
      expect(notes[0]!.note).toContain(`Outcome id: ${outcome.id}`);
      // The note is written after the event, even an unanswered one: found, it means all was
      // written before it. Otherwise the retry finished the rest.
      expect(receipt.alreadyDone).toBe(path.source.includes('tags') ? undefined : true);
      await connector.writeOutcome(lead, outcome, { checkFirst: true });
      expect([notes.length, events.length, tags.length]).toEqual([1, 1, 1]);
    },
  );

  it('sends the event again when Mailchimp answered that it did not take it', async () => {
    const { platform, connector } = setup();
    platform.config.mailchimp.eventsListedAfterMs = LISTED_AFTER;
    const lead = (await connector.lookup(SEED_EMAILS.mql))!;
    const outcome = makeOutcome({ leadEmail: lead.email, target: 'mailchimp' });
    platform.fault({
      host: 'mailchimp',
      path: /\/events$/,
      method: 'POST',
      kind: 'server_error',
      status: 500,
      times: 1,
    });
    expect(await rejection(connector.writeOutcome(lead, outcome))).toMatchObject({
      kind: 'server',
      ambiguous: true,
    });
    expect(platform.writes.mailchimp.notes).toHaveLength(0);
    await connector.writeOutcome(lead, outcome, { checkFirst: true });
    const { tags, notes, events } = platform.writes.mailchimp;
    expect([notes.length, events.length, tags.length]).toEqual([1, 1, 1]);
  });

  it('does not send the event again once Mailchimp lists it', async () => {
    const { clock, platform, connector } = setup();
    platform.config.mailchimp.eventsListedAfterMs = LISTED_AFTER;
    const lead = (await connector.lookup(SEED_EMAILS.mql))!;
    const outcome = makeOutcome({ leadEmail: lead.email, target: 'mailchimp' });
    // The event was taken, then the note failed with an answer (nothing stored).
    platform.fault({ host: 'mailchimp', path: /\/notes$/, method: 'POST', kind: 'server_error', times: 1 });
    await rejection(connector.writeOutcome(lead, outcome));
    await clock.advance(LISTED_AFTER);
    const receipt = await connector.writeOutcome(lead, outcome, { checkFirst: true });
    expect(receipt.receipt).toContain('event loopline_outcome (found)');
    const { tags, notes, events } = platform.writes.mailchimp;
    expect([notes.length, events.length, tags.length]).toEqual([1, 1, 1]);
  });

  it('a failure after the tag was written is ambiguous', async () => {
    const { platform, connector } = setup();
    const lead = (await connector.lookup(SEED_EMAILS.mql))!;
    platform.fault({
      host: 'mailchimp',
      path: /\/events$/,
      method: 'POST',
      kind: 'server_error',
      status: 500,
      times: 1,
    });
    const error = await rejection(
      connector.writeOutcome(lead, makeOutcome({ leadEmail: lead.email, target: 'mailchimp' })),
    );
    expect(error).toMatchObject({ kind: 'server', ambiguous: true });
  });
});

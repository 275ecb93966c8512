// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { createFakePlatform, SEED_EMAILS } from '../../../test/fake-platform';
import { fakeHubSpotSettings } from '../../../test/fake-platform/settings';
import { makeOutcome } from '../test-outcome';
import { hubspotWriteBackReadiness, noteBody } from '.';
import { rejection, setup } from './test-setup';

describe('HubSpot writeOutcome', () => {
  it('adds one note on the contact and updates the mapped status and outcome property', async () => {
    const { platform, connector } = setup();
    const lead = (await connector.lookup(SEED_EMAILS.mql))!;
    const outcome = makeOutcome({ leadEmail: lead.email, target: 'hubspot' });
    const receipt = await connector.writeOutcome(lead, outcome);
    const stored = platform.lead(SEED_EMAILS.mql)!;

    expect(platform.writes.hubspot.notes).toHaveLength(1);
    const note = platform.writes.hubspot.notes[0]!;
    expect(note.contactIds).toEqual([stored.hubspotId]);
    expect(note.properties.hs_timestamp).toBe(outcome.createdAt);
    expect(note.properties.hs_note_body).toContain(outcome.id);
    expect(note.properties.hs_note_body).toContain('Loopline outcome: Meeting booked');
    expect(note.properties.hs_note_body).toContain('Brand Search (1), Q1 Automation Webinar (4)');
    expect(platform.writes.hubspot.contactUpdates).toEqual([
      {
        contactId: stored.hubspotId,
        properties: { hs_lead_status: 'CONNECTED', loopline_outcome: 'meeting_booked' },
      },
    ]);
    expect(receipt.receipt).toMatch(
      /^HubSpot note \d+; contact \d+: hs_lead_status, loopline_outcome updated$/,
    );
    expect(receipt.alreadyDone).toBeUndefined();
  });

  it('writes amount, reason and the note text escaped', async () => {
    const outcome = makeOutcome({
      leadEmail: 'a@b.co',
      target: 'hubspot',
      kind: 'won',
      label: 'Won',
      amount: 12000,
      currency: 'USD',
      note: '<script>alert(1)</script> & more',
    });
    const body = noteBody(outcome);
    expect(body).toContain('Amount: USD');
    expect(body).toContain('12,000.00');
    expect(body).not.toContain('<script>');
    expect(body).toContain('&#60;script&#62;alert(1)&#60;/script&#62; &#38; more');
  });

  it('leaves the status alone when the outcome has no mapping', async () => {
    const { platform, connector } = setup({ outcomeProperty: '' });
    const lead = (await connector.lookup(SEED_EMAILS.mql))!;
    await connector.writeOutcome(
      lead,
      makeOutcome({ leadEmail: lead.email, target: 'hubspot', kind: 'no_response' }),
    );
    expect(platform.writes.hubspot.notes).toHaveLength(1);
    expect(platform.writes.hubspot.contactUpdates).toHaveLength(0);
  });

  it('creates one note after a timeout that reached HubSpot, when retried with checkFirst', async () => {
    const { clock, platform, connector } = setup();
    // CRM search would not see the note for a minute yet: the check must not depend on it.
    platform.config.hubspot.searchIndexLagMs = 60_000;
    const lead = (await connector.lookup(SEED_EMAILS.mql))!;
    const outcome = makeOutcome({ leadEmail: lead.email, target: 'hubspot' });
    platform.fault({
      host: 'hubspot',
      path: '/crm/v3/objects/notes',
      method: 'POST',
      kind: 'timeout_after_write',
      times: 1,
    });

    const first = rejection(connector.writeOutcome(lead, outcome));
    await clock.advance(10_000);
    const error = await first;
    expect(error.kind).toBe('timeout');
    expect(error.ambiguous).toBe(true);
    expect(platform.writes.hubspot.notes).toHaveLength(1);

    const receipt = await connector.writeOutcome(lead, outcome, { checkFirst: true });
    expect(receipt.alreadyDone).toBe(true);
    expect(receipt.receipt).toContain(platform.writes.hubspot.notes[0]!.id);
    expect(platform.writes.hubspot.notes).toHaveLength(1);
    expect(platform.writes.hubspot.contactUpdates).toHaveLength(1);

    // A third, duplicate delivery changes nothing more.
    await connector.writeOutcome(lead, outcome, { checkFirst: true });
    expect(platform.writes.hubspot.notes).toHaveLength(1);
    expect(platform.writes.hubspot.contactUpdates).toHaveLength(1);
    expect(platform.requestsTo('hubspot', '/crm/v3/objects/notes/search')).toHaveLength(0);
  });

  it('finds the note at once when the connection broke after HubSpot stored it (no time passes)', async () => {
    const { platform, connector } = setup();
    const lead = (await connector.lookup(SEED_EMAILS.mql))!;
    const outcome = makeOutcome({ leadEmail: lead.email, target: 'hubspot' });
    platform.fault({
      host: 'hubspot',
      path: '/crm/v3/objects/notes',
      method: 'POST',
      kind: 'reset_after_write',
      times: 1,
    });
    const error = await rejection(connector.writeOutcome(lead, outcome));
    expect(error).toMatchObject({ kind: 'network', ambiguous: true });
    expect(platform.writes.hubspot.notes).toHaveLength(1);

    const receipt = await connector.writeOutcome(lead, outcome, { checkFirst: true });
    expect(receipt).toMatchObject({
      alreadyDone: true,
      receipt: expect.stringContaining(platform.writes.hubspot.notes[0]!.id),
    });
    expect(platform.writes.hubspot.notes).toHaveLength(1);
    expect(platform.writes.hubspot.contactUpdates).toHaveLength(1);
    // Read through the contact's associations and the notes by id, not the lagging search index.
    const stored = platform.lead(SEED_EMAILS.mql)!;
    expect(
      platform.requestsTo('hubspot', `/crm/v4/objects/contacts/${stored.hubspotId}/associations/notes`),
    ).toHaveLength(1);
    expect(platform.requestsTo('hubspot', '/crm/v3/objects/notes/batch/read')).toHaveLength(1);
    expect(platform.requestsTo('hubspot', '/crm/v3/objects/notes/search')).toHaveLength(0);
  });

  it('finds the earlier note among hundreds on the contact, however old', async () => {
    const { platform, connector } = setup();
    const lead = (await connector.lookup(SEED_EMAILS.mql))!;
    const outcome = makeOutcome({
      leadEmail: lead.email,
      target: 'hubspot',
      createdAt: '2026-01-05T09:00:00.000Z',
    });
    platform.fault({
      host: 'hubspot',
      path: '/crm/v3/objects/notes',
      method: 'POST',
      kind: 'reset_after_write',
      times: 1,
    });
    await rejection(connector.writeOutcome(lead, outcome));
    // 650 later notes by colleagues: the earlier note is the oldest of 651.
    const contactId = platform.lead(SEED_EMAILS.mql)!.hubspotId;
    for (let i = 0; i < 650; i++) {
      const id = String(50_000_000_000 + platform.writes.hubspot.notes.length + 1);
      platform.writes.hubspot.notes.push({
        id,
        contactIds: [contactId],
        createdAt: '2026-02-01T09:00:00.000Z',
        properties: { hs_note_body: `<p>Call notes ${i}</p>`, hs_timestamp: '2026-02-01T09:00:00.000Z' },
      });
    }
    const before = platform.writes.hubspot.notes.length;
    const receipt = await connector.writeOutcome(lead, outcome, { checkFirst: true });
    expect(receipt.alreadyDone).toBe(true);
    expect(platform.writes.hubspot.notes).toHaveLength(before);
    expect(
      platform.writes.hubspot.notes.filter((n) => n.properties.hs_note_body!.includes(outcome.id)),
    ).toHaveLength(1);
    expect(platform.requestsTo('hubspot', '/crm/v4/objects/contacts/')).toHaveLength(2);
    expect(platform.requestsTo('hubspot', '/crm/v3/objects/notes/batch/read')).toHaveLength(7);
  });

  it('does not take the note of an outcome that corrects this one for this one’s note', async () => {
    const { platform, connector } = setup();
    const lead = (await connector.lookup(SEED_EMAILS.mql))!;
    const original = makeOutcome({ leadEmail: lead.email, target: 'hubspot' });
    const correction = makeOutcome({
      leadEmail: lead.email,
      target: 'hubspot',
      id: '7a2b3c4d-5e6f-4a70-8b81-92a3b4c5d6e7',
      supersedes: original.id,
    });
    await connector.writeOutcome(lead, correction);
    expect(platform.writes.hubspot.notes[0]!.properties.hs_note_body).toContain(original.id);
    const receipt = await connector.writeOutcome(lead, original, { checkFirst: true });
    expect(receipt.alreadyDone).toBeUndefined();
    expect(platform.writes.hubspot.notes).toHaveLength(2);
  });

  it('writes a stale outcome’s note but leaves the status a newer outcome set', async () => {
    const { platform, connector } = setup();
    const lead = (await connector.lookup(SEED_EMAILS.mql))!;
    const stored = platform.lead(SEED_EMAILS.mql)!;
    stored.hubspotProps.hs_lead_status = 'UNQUALIFIED';
    const outcome = makeOutcome({ leadEmail: lead.email, target: 'hubspot' });
    const receipt = await connector.writeOutcome(lead, outcome, { skipStatus: true });
    expect(platform.writes.hubspot.notes).toHaveLength(1);
    expect(platform.writes.hubspot.notes[0]!.properties.hs_note_body).toContain(outcome.id);
    expect(platform.writes.hubspot.contactUpdates).toEqual([]);
    expect(platform.requestsTo('hubspot', '/crm/v3/objects/contacts/', 'PATCH')).toHaveLength(0);
    expect(stored.hubspotProps.hs_lead_status).toBe('UNQUALIFIED');
    expect(receipt.receipt).toMatch(/^HubSpot note \d+; status left as a newer outcome set it$/);

    // Retried with both flags: still one note and no status write.
    expect(await connector.writeOutcome(lead, outcome, { skipStatus: true, checkFirst: true })).toMatchObject(
      {
        alreadyDone: true,
      },
    );
    expect(platform.writes.hubspot.notes).toHaveLength(1);
    expect(platform.writes.hubspot.contactUpdates).toEqual([]);
  });

  it('reports a status update that fails after the note as ambiguous, so the retry does not add a note', async () => {
    const { clock, platform, connector } = setup();
    const lead = (await connector.lookup(SEED_EMAILS.mql))!;
    const outcome = makeOutcome({ leadEmail: lead.email, target: 'hubspot' });
    platform.fault({
      host: 'hubspot',
      path: '/crm/v3/objects/contacts/',
      method: 'PATCH',
      kind: 'rate_limit',
      times: 1,
    });
    const error = await rejection(connector.writeOutcome(lead, outcome));
    expect(error.kind).toBe('rate_limited');
    expect(error.ambiguous).toBe(true);
    // The 429 paused HubSpot's limiter for its 10 s window: nothing is sent before then.
    const retry = connector.writeOutcome(lead, outcome, { checkFirst: error.ambiguous });
    const sent = platform.requests.length;
    await clock.advance(9_000);
    expect(platform.requests.length).toBe(sent);
    await clock.advance(1_000);
    await retry;
    expect(platform.writes.hubspot.notes).toHaveLength(1);
    expect(platform.writes.hubspot.contactUpdates).toHaveLength(1);
  });

  it('says which property value HubSpot refused', async () => {
    const { platform, connector } = setup({ statusMapping: { meeting_booked: 'BOOKED' } });
    const lead = (await connector.lookup(SEED_EMAILS.mql))!;
    const error = await rejection(
      connector.writeOutcome(lead, makeOutcome({ leadEmail: lead.email, target: 'hubspot' })),
    );
    expect(error.kind).toBe('config');
    expect(error.message).toContain('BOOKED was not one of the allowed options');
    expect(platform.writes.hubspot.notes).toHaveLength(1);
  });
});

describe('hubspotWriteBackReadiness', () => {
  it('needs a token and nothing else', () => {
    const platform = createFakePlatform();
    expect(hubspotWriteBackReadiness(fakeHubSpotSettings(platform))).toEqual({ ready: true });
    expect(
      hubspotWriteBackReadiness(fakeHubSpotSettings(platform, { statusMapping: {}, outcomeProperty: '' })),
    ).toEqual({
      ready: true,
    });
    expect(hubspotWriteBackReadiness(fakeHubSpotSettings(platform, { token: '' }))).toEqual({
      ready: false,
      missing: 'no HubSpot private-app token is set',
      fix: 'sources',
    });
  });
});

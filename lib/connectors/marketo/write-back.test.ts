// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { createFakePlatform, SEED_EMAILS } from '../../../test/fake-platform';
import { fakeMarketoSettings } from '../../../test/fake-platform/settings';
import { makeOutcome } from '../test-outcome';
import { marketoWriteBackReadiness } from '.';
import { ID_IN_ATTRIBUTE, NO_ID_FIELD, rejection, setup } from './test-setup';

describe('Marketo writeOutcome', () => {
  it('adds the custom activity carrying the outcome id and updates the mapped status field', async () => {
    const { platform, connector } = setup();
    const lead = (await connector.lookup(SEED_EMAILS.mql))!;
    const outcome = makeOutcome({ leadEmail: lead.email, target: 'marketo' });
    const receipt = await connector.writeOutcome(lead, outcome);
    const stored = platform.lead(SEED_EMAILS.mql)!;

    expect(platform.writes.marketo.activities).toHaveLength(1);
    const activity = platform.writes.marketo.activities[0]!;
    expect(activity).toMatchObject({
      leadId: stored.marketoId,
      activityTypeId: 100001,
      primaryAttributeValue: outcome.id,
    });
    expect(activity.attributes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ apiName: 'outcomeKind', value: 'meeting_booked' }),
        expect.objectContaining({ apiName: 'note', value: expect.stringContaining(outcome.id) }),
      ]),
    );
    expect(platform.writes.marketo.leadUpdates).toEqual([
      { leadId: stored.marketoId, fields: { leadStatus: 'Sales Accepted' } },
    ]);
    const sync = platform.requestsTo('marketo', '/rest/v1/leads.json', 'POST')[0]!;
    expect(sync.body).toEqual({
      action: 'updateOnly',
      lookupField: 'email',
      input: [{ email: lead.email, leadStatus: 'Sales Accepted' }],
    });
    expect(receipt.receipt).toBe(
      `Marketo lead ${stored.marketoId}: activity ${activity.marketoGUID}; leadStatus=Sales Accepted`,
    );
  });

  it('writes amount and currency for a win', async () => {
    const { platform, connector } = setup();
    const lead = (await connector.lookup(SEED_EMAILS.mql))!;
    await connector.writeOutcome(
      lead,
      makeOutcome({
        leadEmail: lead.email,
        target: 'marketo',
        kind: 'won',
        label: 'Won',
        amount: 24000,
        currency: 'EUR',
      }),
    );
    const attributes = platform.writes.marketo.activities[0]!.attributes;
    expect(attributes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ apiName: 'amount', value: 24000 }),
        expect.objectContaining({ apiName: 'currency', value: 'EUR' }),
      ]),
    );
    expect(platform.writes.marketo.leadUpdates[0]?.fields).toEqual({ leadStatus: 'Customer' });
  });

  it('refuses an outcome that would write nothing', async () => {
    const { platform, connector } = setup({ customActivityTypeId: 0, statusMapping: {} });
    const lead = (await connector.lookup(SEED_EMAILS.mql))!;
    const error = await rejection(
      connector.writeOutcome(lead, makeOutcome({ leadEmail: lead.email, target: 'marketo' })),
    );
    expect(error.kind).toBe('config');
    expect(platform.writes.marketo.leadUpdates).toHaveLength(0);
  });

  it('creates one activity after a timeout that reached Marketo, when retried with checkFirst', async () => {
    const { clock, platform, connector } = setup();
    const lead = (await connector.lookup(SEED_EMAILS.mql))!;
    const outcome = makeOutcome({
      leadEmail: lead.email,
      target: 'marketo',
      createdAt: new Date(clock.now()).toISOString(),
    });
    platform.fault({
      host: 'marketo',
      path: '/rest/v1/activities/external.json',
      kind: 'timeout_after_write',
      times: 1,
    });
    const first = rejection(connector.writeOutcome(lead, outcome));
    await clock.advance(10_000);
    const error = await first;
    expect(error).toMatchObject({ kind: 'timeout', ambiguous: true });
    expect(platform.writes.marketo.activities).toHaveLength(1);

    const receipt = await connector.writeOutcome(lead, outcome, { checkFirst: true });
    expect(receipt.alreadyDone).toBe(true);
    expect(platform.writes.marketo.activities).toHaveLength(1);
    expect(platform.writes.marketo.leadUpdates).toHaveLength(1);
    await connector.writeOutcome(lead, outcome, { checkFirst: true });
    expect(platform.writes.marketo.activities).toHaveLength(1);
    expect(platform.writes.marketo.leadUpdates).toHaveLength(1);
  });

  it('names a status field the instance does not have', async () => {
    const { connector } = setup({ statusField: 'salesOutcome__c', customActivityTypeId: 0 });
    const lead = (await connector.lookup(SEED_EMAILS.mql))!;
    const error = await rejection(
      connector.writeOutcome(lead, makeOutcome({ leadEmail: lead.email, target: 'marketo' })),
    );
    expect(error.kind).toBe('config');
    expect(error.message).toContain("Field 'salesOutcome__c' not found");
  });

  it.each([
    ['a timeout', 'timeout_after_write', 'timeout'],
    ['a broken connection', 'reset_after_write', 'network'],
  ] as const)(
    'finds the earlier activity by the attribute carrying the outcome id after %s',
    async (_name, fault, kind) => {
      const { clock, platform, connector } = setup({
        customActivityTypeId: ID_IN_ATTRIBUTE.id,
        customActivityPrimaryField: 'kind',
      });
      platform.config.marketo.otherCustomActivityTypes.push(ID_IN_ATTRIBUTE);
      const lead = (await connector.lookup(SEED_EMAILS.mql))!;
      const outcome = makeOutcome({
        leadEmail: lead.email,
        target: 'marketo',
        createdAt: new Date(clock.now()).toISOString(),
      });
      platform.fault({ host: 'marketo', path: '/rest/v1/activities/external.json', kind: fault, times: 1 });
      const first = rejection(connector.writeOutcome(lead, outcome));
      await clock.advance(10_000);
      expect(await first).toMatchObject({ kind, ambiguous: true });
      const [written] = platform.writes.marketo.activities;
      expect(written).toMatchObject({
        activityTypeId: ID_IN_ATTRIBUTE.id,
        primaryAttributeValue: 'meeting_booked',
      });
      expect(written!.attributes).toContainEqual({
        apiName: 'looplineId',
        name: 'Loopline Id',
        value: outcome.id,
      });

      // The check runs at once: one activity, the status written once.
      const receipt = await connector.writeOutcome(lead, outcome, { checkFirst: true });
      expect(receipt).toMatchObject({
        alreadyDone: true,
        receipt: expect.stringContaining(`activity ${written!.marketoGUID}`),
      });
      expect(platform.writes.marketo.activities).toHaveLength(1);
      expect(platform.writes.marketo.leadUpdates).toHaveLength(1);
    },
  );

  it('refuses a custom activity type with no field for the outcome id, before writing anything', async () => {
    const { platform, connector } = setup({ customActivityTypeId: NO_ID_FIELD.id });
    platform.config.marketo.otherCustomActivityTypes.push(NO_ID_FIELD);
    const lead = (await connector.lookup(SEED_EMAILS.mql))!;
    const error = await rejection(
      connector.writeOutcome(lead, makeOutcome({ leadEmail: lead.email, target: 'marketo' })),
    );
    expect(error).toMatchObject({ kind: 'config', ambiguous: false });
    expect(error.message).toBe(
      'Marketo: the custom activity type “Deal Value” has no text field that can carry the outcome id, so a retry could not tell whether an outcome was already written. Add a string attribute named “Outcome Id” to it in Marketo, or choose another type in Options → Outcomes.',
    );
    expect(platform.requestsTo('marketo', '/rest/v1/activities/external.json')).toHaveLength(0);
    expect(platform.writes.marketo.leadUpdates).toHaveLength(0);
  });

  it('writes a stale outcome’s activity but leaves the status a newer outcome set', async () => {
    const { platform, connector } = setup();
    const lead = (await connector.lookup(SEED_EMAILS.mql))!;
    const outcome = makeOutcome({ leadEmail: lead.email, target: 'marketo' });
    const receipt = await connector.writeOutcome(lead, outcome, { skipStatus: true });
    expect(platform.writes.marketo.activities).toHaveLength(1);
    expect(platform.writes.marketo.leadUpdates).toEqual([]);
    expect(platform.requestsTo('marketo', '/rest/v1/leads.json', 'POST')).toHaveLength(0);
    expect(receipt.receipt).toMatch(
      /^Marketo lead \d+: activity \d+; leadStatus left as a newer outcome set it$/,
    );
  });

  it('with only a status to write, a stale outcome writes nothing and asks nothing', async () => {
    const { platform, connector } = setup({ customActivityTypeId: 0 });
    const lead = (await connector.lookup(SEED_EMAILS.mql))!;
    const before = platform.requests.length;
    const receipt = await connector.writeOutcome(
      lead,
      makeOutcome({ leadEmail: lead.email, target: 'marketo' }),
      { skipStatus: true },
    );
    expect(receipt).toEqual({
      receipt: 'Marketo: nothing to write; leadStatus left as a newer outcome set it',
    });
    expect(platform.requests).toHaveLength(before);
  });

  it('a lead update that is throttled after the activity landed is ambiguous', async () => {
    const { platform, connector } = setup();
    const lead = (await connector.lookup(SEED_EMAILS.mql))!;
    platform.fault({
      host: 'marketo',
      path: '/rest/v1/leads.json',
      method: 'POST',
      kind: 'marketo_error',
      code: 606,
      times: 1,
    });
    const error = await rejection(
      connector.writeOutcome(lead, makeOutcome({ leadEmail: lead.email, target: 'marketo' })),
    );
    expect(error).toMatchObject({ kind: 'rate_limited', ambiguous: true });
  });
});

describe('listOutcomeActivityTypes', () => {
  it('lists the custom types, each with the field for the outcome id or why it cannot take outcomes', async () => {
    const { platform, connector } = setup();
    platform.config.marketo.otherCustomActivityTypes.push(ID_IN_ATTRIBUTE, NO_ID_FIELD, {
      ...ID_IN_ATTRIBUTE,
      id: 100_004,
      apiName: 'draftType_c',
      name: 'Draft Type',
      status: 'draft',
    });
    const types = await connector.listOutcomeActivityTypes();
    expect(types.map((t) => [t.id, t.name, t.canCarryOutcomeId, t.approved, t.idField?.name])).toEqual([
      [100_001, 'Loopline Outcome', true, true, 'Outcome Id'],
      [100_002, 'Sales Result', true, true, 'Result'],
      [100_003, 'Deal Value', false, true, undefined],
      [100_004, 'Draft Type', true, false, 'Result'],
    ]);
    expect(types[2]?.reason).toContain('no text field that can carry the outcome id');
    expect(types[3]?.reason).toBe('the type is draft: approve it in Marketo first');
    expect(platform.requestsTo('marketo', '/rest/v1/activities/external/types.json')).toHaveLength(1);
  });
});

describe('marketoWriteBackReadiness', () => {
  const platform = createFakePlatform();
  it.each([
    ['a custom activity type', {}, undefined, { ready: true }],
    ['a status mapped for the kind', { customActivityTypeId: 0 }, 'won', { ready: true }],
    [
      'no status for this kind and no custom type',
      { customActivityTypeId: 0 },
      'qualified',
      {
        ready: false,
        missing: 'no Marketo status value is set for “qualified” and no custom activity type is set',
        fix: 'outcomes',
      },
    ],
    [
      'the defaults',
      { customActivityTypeId: 0, statusMapping: {} },
      undefined,
      {
        ready: false,
        missing: 'no outcome has a Marketo status value and no custom activity type is set',
        fix: 'outcomes',
      },
    ],
    [
      'no credentials',
      { clientSecret: '' },
      'won',
      {
        ready: false,
        missing: 'the Marketo REST API base URL, client id and secret are not all set',
        fix: 'sources',
      },
    ],
  ] as const)('%s', (_name, extra, kind, expected) => {
    expect(marketoWriteBackReadiness(fakeMarketoSettings(platform, extra), kind)).toEqual(expected);
  });
});

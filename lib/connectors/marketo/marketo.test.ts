// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { NO_ID_FIELD, setup } from './test-setup';

describe('Marketo test()', () => {
  it('reports the instance, the outcome activity type and the field that carries the outcome id', async () => {
    const { connector } = setup();
    expect(await connector.test()).toEqual({
      ok: true,
      value: {
        detail:
          'Connected to Marketo 123-abc-456.mktorest.com; 14 activity types readable, outcomes go to “Loopline Outcome” (outcome id in “Outcome Id”).',
        writeBack: { ready: true },
      },
    });
  });

  it('connected is not ready: with the default settings nothing would reach Marketo', async () => {
    const { connector } = setup({ customActivityTypeId: 0, statusMapping: {} });
    const result = await connector.test();
    expect(result).toEqual({
      ok: true,
      value: {
        detail:
          'Connected to Marketo 123-abc-456.mktorest.com; 14 activity types readable; outcomes cannot be written back: no outcome has a Marketo status value and no custom activity type is set.',
        writeBack: {
          ready: false,
          missing: 'no outcome has a Marketo status value and no custom activity type is set',
          fix: 'outcomes',
        },
      },
    });
  });

  it('a status mapping alone is enough to be ready', async () => {
    const { connector } = setup({ customActivityTypeId: 0 });
    expect(await connector.test()).toMatchObject({ ok: true, value: { writeBack: { ready: true } } });
  });

  it('is not ready with a custom activity type that cannot carry the outcome id', async () => {
    const { platform, connector } = setup({ customActivityTypeId: NO_ID_FIELD.id });
    platform.config.marketo.otherCustomActivityTypes.push(NO_ID_FIELD);
    const result = await connector.test();
    expect(result).toMatchObject({
      ok: true,
      value: {
        writeBack: {
          ready: false,
          fix: 'outcomes',
          missing: expect.stringContaining('“Deal Value” has no text field that can carry the outcome id'),
        },
      },
    });
    expect(result.ok && result.value.detail).toContain(
      '; outcomes cannot be written back: the custom activity type “Deal Value”',
    );
  });

  it.each([
    ['a wrong secret', { clientSecret: 'nope' }, 'auth'],
    ['an unknown custom activity type', { customActivityTypeId: 4242 }, 'config'],
    ['no base URL', { baseUrl: '' }, 'config'],
  ] as const)('names %s', async (_name, extra, kind) => {
    const { connector } = setup(extra);
    const result = await connector.test();
    expect(result).toMatchObject({ ok: false, error: { kind } });
  });
});

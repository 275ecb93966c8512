import { describe, expect, it } from 'vitest';
import type { SourceStatus } from '../model/view';
import { decideTarget } from './target';

const status = (source: SourceStatus['source'], state: SourceStatus['state']): SourceStatus => ({
  source,
  label: source,
  state,
});
const lead = (...sources: SourceStatus['source'][]) => ({
  email: 'ada@example.com',
  refs: sources.map((source) => ({ source, id: `${source}-1` })),
});

describe('decideTarget', () => {
  it('writes back to the platform that owns the lead, in one order', () => {
    expect(
      decideTarget({ lead: lead('local', 'mailchimp', 'marketo'), sources: [status('marketo', 'fresh')] }),
    ).toEqual({ pending: false, target: 'marketo' });
    expect(decideTarget({ lead: lead('rest', 'hubspot'), sources: [] })).toEqual({
      pending: false,
      target: 'hubspot',
    });
  });

  it('keeps the outcome local when every platform answered and none knows the lead', () => {
    expect(
      decideTarget({ lead: lead('local'), sources: [status('local', 'fresh'), status('hubspot', 'fresh')] }),
    ).toEqual({ pending: false, target: 'local' });
  });

  it('waits, rather than falling back to local, when a platform that might own the lead did not answer', () => {
    for (const state of ['error', 'offline'] as const) {
      expect(
        decideTarget({
          lead: lead('local'),
          sources: [status('local', 'fresh'), status('hubspot', state), status('mailchimp', 'fresh')],
        }),
      ).toEqual({ pending: true, target: 'hubspot', waitingFor: ['hubspot'] });
    }
  });

  it('a platform that knows the lead decides even while another did not answer', () => {
    expect(
      decideTarget({
        lead: lead('marketo'),
        sources: [status('hubspot', 'error'), status('marketo', 'fresh')],
      }),
    ).toEqual({ pending: false, target: 'marketo' });
  });
});

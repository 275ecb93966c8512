import { describe, expect, it } from 'vitest';
import type { Lead, SourceId } from '../model';
import { mergeLeads } from './merge';
import { decideTarget } from './target';

const lead = (source: SourceId, fields: Partial<Lead>): { source: SourceId; lead: Lead } => ({
  source,
  lead: { email: 'ada@example.com', refs: [{ source, id: `${source}-1` }], ...fields },
});

describe('mergeLeads', () => {
  it('takes a field from the platform outcomes are written back to, over a REST backend and the local workspace', () => {
    const parts = [
      lead('local', { leadStatus: 'Imported', company: 'Local Ltd' }),
      lead('rest', { leadStatus: 'Backend', title: 'CTO' }),
      lead('hubspot', { leadStatus: 'Connected' }),
    ];
    const merged = mergeLeads('ada@example.com', parts)!;
    expect(merged.leadStatus).toBe('Connected');
    // A field only a lower source has still comes through.
    expect(merged.title).toBe('CTO');
    expect(merged.company).toBe('Local Ltd');
    // The platform whose status is shown is the one the outcome goes to.
    expect(decideTarget({ lead: merged, sources: [] }).target).toBe('hubspot');
  });

  it('lets HubSpot win over Marketo, Marketo over Mailchimp, and Mailchimp over REST', () => {
    const order: SourceId[] = ['hubspot', 'marketo', 'mailchimp', 'rest'];
    for (let i = 0; i < order.length - 1; i++) {
      const [higher, lower] = [order[i]!, order[i + 1]!];
      const merged = mergeLeads('ada@example.com', [
        lead(lower, { owner: lower }),
        lead(higher, { owner: higher }),
      ]);
      expect(merged?.owner, `${higher} over ${lower}`).toBe(higher);
    }
  });

  it('keeps the earliest MQL date, whichever source has it', () => {
    const merged = mergeLeads('ada@example.com', [
      lead('hubspot', { mqlAt: '2026-03-01T00:00:00.000Z' }),
      lead('local', { mqlAt: '2026-01-01T00:00:00.000Z' }),
    ]);
    expect(merged?.mqlAt).toBe('2026-01-01T00:00:00.000Z');
  });
});

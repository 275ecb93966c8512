/** Builds outcomes for connector tests. */
import { Outcome, type OutcomeInput } from '../model';

export function makeOutcome(
  overrides: Partial<OutcomeInput> & Pick<OutcomeInput, 'leadEmail' | 'target'>,
): Outcome {
  return Outcome.parse({
    id: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b',
    kind: 'meeting_booked',
    label: 'Meeting booked',
    createdAt: '2026-03-02T09:30:00.000Z',
    by: 'Sam Patel',
    attribution: {
      firstTouch: 'cmp-ppc-brand',
      lastTouch: 'cmp-webinar-q1',
      touches: [
        { campaignId: 'cmp-ppc-brand', name: 'Brand Search', count: 1 },
        { campaignId: 'cmp-webinar-q1', name: 'Q1 Automation Webinar', count: 4 },
      ],
    },
    ...overrides,
  });
}

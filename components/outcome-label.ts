import type { Outcome } from '../lib/model';
import type { OutcomeType } from '../lib/settings/schema';

/** What an outcome is called: the team's label for its kind, else the label it was saved with. */
export function outcomeLabel(types: OutcomeType[], outcome: Pick<Outcome, 'kind' | 'label'>): string {
  return types.find((type) => type.key === outcome.kind)?.label ?? outcome.label ?? outcome.kind;
}

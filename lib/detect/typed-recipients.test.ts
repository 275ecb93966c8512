import { describe, expect, it } from 'vitest';
import type { Detection, LeadCandidate } from '../sites/types';
import { createTypedRecipients } from './typed-recipients';

const typed = (email: string): LeadCandidate => ({ email, role: 'compose', order: 0 });
const pill = (name: string): LeadCandidate => ({ name, role: 'compose', order: 0 });
const view = (...candidates: LeadCandidate[]): Detection => ({ viewKey: 'draft-1', candidates });
const emails = (detection: Detection) => detection.candidates.map((c) => c.email ?? `~${c.name}`);

describe('a typed address that becomes a name-only pill', () => {
  it('keeps its address when the pill replaces the text in one change', () => {
    const memory = createTypedRecipients();
    memory.apply(view(typed('chen@quiet.example')));
    expect(emails(memory.apply(view(pill('Chen Sørensen'))))).toEqual(['chen@quiet.example']);
    // And in every later change of the same draft.
    expect(emails(memory.apply(view(pill('Chen Sørensen'), typed('ada@acme.example'))))).toEqual([
      'chen@quiet.example',
      'ada@acme.example',
    ]);
  });

  it('keeps it when the pill arrives one change before the text goes', () => {
    const memory = createTypedRecipients();
    memory.apply(view(typed('chen@quiet.example')));
    memory.apply(view(typed('chen@quiet.example'), pill('Chen Sørensen')));
    expect(emails(memory.apply(view(pill('Chen Sørensen'))))).toEqual(['chen@quiet.example']);
  });

  it('does not pair an address removed now with a name picked later', () => {
    const memory = createTypedRecipients();
    memory.apply(view(typed('chen@quiet.example')));
    memory.apply(view());
    expect(emails(memory.apply(view(pill('Jane Doe'))))).toEqual(['~Jane Doe']);
  });

  it('does not guess between two addresses gone and two names come', () => {
    const memory = createTypedRecipients();
    memory.apply(view(typed('a@one.example'), typed('b@two.example')));
    expect(emails(memory.apply(view(pill('Ann One'), pill('Bob Two'))))).toEqual(['~Ann One', '~Bob Two']);
  });

  it('forgets the pairs in another draft or message, and leaves people outside compose alone', () => {
    const memory = createTypedRecipients();
    memory.apply(view(typed('chen@quiet.example')));
    memory.apply(view(pill('Chen Sørensen')));
    const other: Detection = { viewKey: 'draft-2', candidates: [pill('Chen Sørensen')] };
    expect(emails(memory.apply(other))).toEqual(['~Chen Sørensen']);
    const header: Detection = {
      viewKey: 'draft-2',
      candidates: [{ name: 'Chen Sørensen', role: 'sender', order: 0 }],
    };
    expect(emails(memory.apply(header))).toEqual(['~Chen Sørensen']);
  });
});

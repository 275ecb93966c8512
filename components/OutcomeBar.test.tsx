import { act, fireEvent, render, waitFor } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import type { Outcome } from '../lib/model';
import { DEFAULT_OUTCOMES } from '../lib/settings/schema';
import { CHANGED_MESSAGE, COVERED_MESSAGE } from '../lib/sidebar/click-guard';
import { outcome, testGuard } from '../lib/sidebar/test-data';
import type { PendingOutcome } from '../lib/sidebar/state';
import { OutcomeBar, type OutcomeBarProps } from './OutcomeBar';
import { format } from './test-utils';

function renderBar(overrides: Partial<OutcomeBarProps> = {}) {
  const props: OutcomeBarProps = {
    types: DEFAULT_OUTCOMES,
    pending: null,
    saving: false,
    error: null,
    correcting: null,
    online: true,
    format,
    guard: testGuard(),
    onRecord: vi.fn(async () => true),
    onUndo: vi.fn(),
    onRetry: vi.fn(),
    onDiscard: vi.fn(),
    onCorrect: vi.fn(),
    onCancelCorrection: vi.fn(),
    onDismiss: vi.fn(),
    ...overrides,
  };
  return { props, ...render(<OutcomeBar {...props} />) };
}

const pending = (over: Partial<Outcome>, undoLeft = 0, error?: string): PendingOutcome => ({
  outcome: outcome({ delivery: 'pending', ...over }),
  undoLeft,
  error,
});

describe('OutcomeBar: choosing', () => {
  it('has one button per outcome type; a plain one records in one click', () => {
    const { getByRole, getAllByRole, props } = renderBar();
    const group = getByRole('group', { name: 'Outcomes' });
    expect(group).toBeTruthy();
    const labels = getAllByRole('button')
      .map((button) => button.textContent)
      .filter((text) => text !== 'Add note');
    expect(labels).toEqual([
      'Meeting booked',
      'Qualified (SQL)',
      'Not a fit…',
      'Bad timing',
      'No response',
      'Wrong contact',
      'Won…',
      'Lost…',
    ]);
    fireEvent.click(getByRole('button', { name: 'Meeting booked' }));
    expect(props.onRecord).toHaveBeenCalledWith({ kind: 'meeting_booked' });
  });

  it('asks for a reason where the type needs one, and will not save without it', async () => {
    const { getByRole, getByLabelText, props } = renderBar();
    const notAFit = getByRole('button', { name: 'Not a fit' });
    expect(notAFit.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(notAFit);
    expect(notAFit.getAttribute('aria-expanded')).toBe('true');
    const reason = getByLabelText('Reason');
    await waitFor(() => expect(reason.ownerDocument.activeElement).toBe(reason));
    fireEvent.click(getByRole('button', { name: 'Save “Not a fit”' }));
    expect(props.onRecord).not.toHaveBeenCalled();
    expect(getByRole('alert').textContent).toBe('Say why (“Not a fit” needs a reason).');
    expect(reason.getAttribute('aria-invalid')).toBe('true');
    fireEvent.input(reason, { target: { value: '  Too small: 3 seats  ' } });
    fireEvent.click(getByRole('button', { name: 'Save “Not a fit”' }));
    expect(props.onRecord).toHaveBeenCalledWith({ kind: 'not_a_fit', reason: 'Too small: 3 seats' });
  });

  it('asks for amount and currency for a win', () => {
    const { getByRole, getByLabelText, props } = renderBar();
    fireEvent.click(getByRole('button', { name: 'Won' }));
    fireEvent.input(getByLabelText('Amount'), { target: { value: '-5' } });
    fireEvent.click(getByRole('button', { name: 'Save “Won”' }));
    expect(props.onRecord).not.toHaveBeenCalled();
    fireEvent.input(getByLabelText('Amount'), { target: { value: '12000.5' } });
    fireEvent.change(getByLabelText('Currency'), { target: { value: 'EUR' } });
    fireEvent.click(getByRole('button', { name: 'Save “Won”' }));
    expect(props.onRecord).toHaveBeenCalledWith({ kind: 'won', amount: 12000.5, currency: 'EUR' });
  });

  it('closes the form on Escape and on Cancel', () => {
    const { getByRole, queryByRole, getByLabelText } = renderBar();
    fireEvent.click(getByRole('button', { name: 'Lost' }));
    fireEvent.keyDown(getByLabelText('Reason'), { key: 'Escape' });
    expect(queryByRole('form')).toBeNull();
    fireEvent.click(getByRole('button', { name: 'Lost' }));
    fireEvent.click(getByRole('button', { name: 'Cancel' }));
    expect(queryByRole('form')).toBeNull();
    // Focus goes back to the button that opened the form, not to the page.
    const lost = getByRole('button', { name: 'Lost' });
    expect(lost.ownerDocument.activeElement).toBe(lost);
  });

  it('sends the optional note with the next outcome, then clears it', async () => {
    const { getByRole, getByLabelText, props } = renderBar();
    const toggle = getByRole('button', { name: 'Add note' });
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const note = getByLabelText('Note for marketing (optional)') as HTMLTextAreaElement;
    fireEvent.input(note, { target: { value: 'Wants a demo for the whole team' } });
    fireEvent.click(getByRole('button', { name: 'Meeting booked' }));
    expect(props.onRecord).toHaveBeenCalledWith({
      kind: 'meeting_booked',
      note: 'Wants a demo for the whole team',
    });
    await waitFor(() => expect(note.value).toBe(''));
  });

  it('ignores clicks while saving', () => {
    const { getByRole, props } = renderBar({ saving: true });
    const button = getByRole('button', { name: 'Meeting booked' });
    expect(button.getAttribute('aria-disabled')).toBe('true');
    fireEvent.click(button);
    expect(props.onRecord).not.toHaveBeenCalled();
  });

  it('shows a failure to save as an alert', () => {
    expect(renderBar({ error: 'Not saved: Storage is full' }).getByRole('alert').textContent).toBe(
      'Not saved: Storage is full',
    );
  });
});

describe('OutcomeBar: after the click', () => {
  it('says "Saved" with an Undo countdown', () => {
    const { getByRole, props } = renderBar({ pending: pending({}, 5) });
    expect(getByRole('status').textContent).toBe(' Saved “Meeting booked”.');
    const undo = getByRole('button', { name: 'Undo “Meeting booked”, 5 seconds left' });
    expect(undo.textContent).toBe('Undo (5 s)');
    fireEvent.click(undo);
    expect(props.onUndo).toHaveBeenCalled();
  });

  it.each<[string, Partial<Outcome>, boolean, string]>([
    ['pending online', { delivery: 'pending' }, true, '“Meeting booked” is waiting to be sent to HubSpot.'],
    [
      'pending offline',
      { delivery: 'pending' },
      false,
      '“Meeting booked” is queued; it is sent when you are back online.',
    ],
    ['sending', { delivery: 'sending' }, true, 'Sending “Meeting booked” to HubSpot…'],
    ['delivered', { delivery: 'delivered' }, true, 'Done “Meeting booked” delivered to HubSpot.'],
    [
      'local',
      { delivery: 'local', target: 'local' },
      true,
      'Done “Meeting booked” saved in the outcome log.',
    ],
    [
      'failed',
      { delivery: 'failed', lastError: 'HubSpot answered 403' },
      true,
      'Failed “Meeting booked” was not delivered to HubSpot: HubSpot answered 403',
    ],
    ['undone', { delivery: 'undone' }, true, '“Meeting booked” undone; it will not be sent.'],
    ['discarded', { delivery: 'discarded' }, true, '“Meeting booked” discarded; it will not be sent.'],
  ])('delivery %s', (_name, over, online, text) => {
    const { getByRole } = renderBar({ pending: pending(over), online });
    expect(getByRole('status').textContent?.trim()).toBe(text);
  });

  it('offers retry and discard for a failed delivery', () => {
    const { getByRole, props } = renderBar({ pending: pending({ delivery: 'failed' }) });
    fireEvent.click(getByRole('button', { name: 'Retry' }));
    fireEvent.click(getByRole('button', { name: 'Discard' }));
    expect(props.onRetry).toHaveBeenCalledWith(outcome().id);
    expect(props.onDiscard).toHaveBeenCalledWith(outcome().id);
  });

  it('offers a correction once delivered, and shows what is being corrected', () => {
    const delivered = renderBar({ pending: pending({ delivery: 'delivered' }) });
    fireEvent.click(delivered.getByRole('button', { name: 'Correct it' }));
    expect(delivered.props.onCorrect).toHaveBeenCalledWith(outcome().id);
    fireEvent.click(delivered.getByRole('button', { name: 'Dismiss this message' }));
    expect(delivered.props.onDismiss).toHaveBeenCalled();
    delivered.unmount();

    const correcting = renderBar({ correcting: outcome({ createdAt: '2026-01-10T10:00:00.000Z' }) });
    expect(correcting.container.textContent).toContain('Correcting “Meeting booked” from Jan 10, 2026.');
    fireEvent.click(correcting.getByRole('button', { name: 'Cancel correction' }));
    expect(correcting.props.onCancelCorrection).toHaveBeenCalled();
  });

  it('shows a refused undo or retry', () => {
    const { getByRole } = renderBar({ pending: pending({}, 0, 'Too late to undo') });
    expect(getByRole('alert').textContent).toBe('Too late to undo');
  });
});

describe('OutcomeBar: clicks the user did not see', () => {
  it('records nothing when the sidebar was covered or transparent, says why, and records the next click seen', async () => {
    let verdict: 'covered' | 'record' = 'covered';
    const guard = { ...testGuard(), check: () => verdict };
    const { getByRole, queryByRole, props } = renderBar({ guard });
    fireEvent.click(getByRole('button', { name: 'Meeting booked' }));
    expect(props.onRecord).not.toHaveBeenCalled();
    expect(getByRole('alert').textContent).toBe(COVERED_MESSAGE);
    expect(COVERED_MESSAGE).toBe(
      "Loopline's sidebar was covered or transparent when you clicked; nothing was recorded. Click again.",
    );

    verdict = 'record';
    fireEvent.click(getByRole('button', { name: 'Meeting booked' }));
    expect(props.onRecord).toHaveBeenCalledWith({ kind: 'meeting_booked' });
    await waitFor(() => expect(queryByRole('alert')).toBeNull());
  });

  it('tells the guard a new person is shown when it is made, and refuses a click that follows too soon', () => {
    const personChanged = vi.fn();
    let verdict: 'changed' | 'record' = 'changed';
    const guard = { ...testGuard(), personChanged, check: () => verdict };
    const { getByRole, props } = renderBar({ guard });
    expect(personChanged).toHaveBeenCalledOnce();
    fireEvent.click(getByRole('button', { name: 'Meeting booked' }));
    expect(props.onRecord).not.toHaveBeenCalled();
    expect(getByRole('alert').textContent).toBe(CHANGED_MESSAGE);
    verdict = 'record';
    fireEvent.click(getByRole('button', { name: 'Meeting booked' }));
    expect(props.onRecord).toHaveBeenCalledWith({ kind: 'meeting_booked' });
  });

  it('holds a form’s Save to the same rule, keeping what was typed', () => {
    let verdict: 'covered' | 'record' = 'covered';
    const guard = { ...testGuard(), check: () => verdict };
    const { getByRole, getByLabelText, props } = renderBar({ guard });
    fireEvent.click(getByRole('button', { name: 'Lost' }));
    const reason = getByLabelText('Reason') as HTMLInputElement;
    fireEvent.input(reason, { target: { value: 'Chose a competitor' } });
    fireEvent.click(getByRole('button', { name: 'Save “Lost”' }));
    expect(props.onRecord).not.toHaveBeenCalled();
    expect(getByRole('alert').textContent).toBe(COVERED_MESSAGE);
    expect(reason.value).toBe('Chose a competitor');

    verdict = 'record';
    fireEvent.click(getByRole('button', { name: 'Save “Lost”' }));
    expect(props.onRecord).toHaveBeenCalledWith({ kind: 'lost', reason: 'Chose a competitor' });
  });
});

describe('OutcomeBar: where the browser cannot tell (a confirmation first)', () => {
  it('asks “Record …?” instead of recording; Record records once the confirmation has been up a moment', async () => {
    const guard = testGuard('confirm', { confirmReady: false });
    const { getByRole, queryByRole, props } = renderBar({ guard });
    const trigger = getByRole('button', { name: 'Meeting booked' });
    fireEvent.click(trigger);
    expect(props.onRecord).not.toHaveBeenCalled();
    expect(trigger.getAttribute('aria-expanded')).toBe('true');
    const box = getByRole('group', { name: 'Record “Meeting booked”?' });
    expect(trigger.getAttribute('aria-controls')).toBe(box.id);
    const record = getByRole('button', { name: 'Record' });
    // Keyboard users answer it next.
    await waitFor(() => expect(record.ownerDocument.activeElement).toBe(record));

    // The second click of a double click, before the confirmation is ready: nothing.
    expect(record.getAttribute('aria-disabled')).toBe('true');
    fireEvent.click(record);
    expect(props.onRecord).not.toHaveBeenCalled();

    act(() => guard.ready());
    expect(record.getAttribute('aria-disabled')).toBe('false');
    fireEvent.click(record);
    expect(props.onRecord).toHaveBeenCalledWith({ kind: 'meeting_booked' });
    await waitFor(() => expect(queryByRole('group', { name: /^Record “/ })).toBeNull());
    // Focus goes back to the outcome's button, not to the page.
    expect(trigger.ownerDocument.activeElement).toBe(trigger);
    expect(trigger.getAttribute('aria-expanded')).toBe('false');
  });

  it('sends the note with the confirmed outcome', () => {
    const { getByRole, getByLabelText, props } = renderBar({ guard: testGuard('confirm') });
    fireEvent.click(getByRole('button', { name: 'Add note' }));
    fireEvent.input(getByLabelText('Note for marketing (optional)'), { target: { value: 'Call Tuesday' } });
    fireEvent.click(getByRole('button', { name: 'Qualified (SQL)' }));
    expect(props.onRecord).not.toHaveBeenCalled();
    fireEvent.click(getByRole('button', { name: 'Record' }));
    expect(props.onRecord).toHaveBeenCalledWith({ kind: 'qualified', note: 'Call Tuesday' });
  });

  it('Cancel and Escape close the confirmation without recording, focus back on the outcome', () => {
    const { getByRole, queryByRole, props } = renderBar({ guard: testGuard('confirm') });
    const trigger = getByRole('button', { name: 'Bad timing' });
    fireEvent.click(trigger);
    fireEvent.click(getByRole('button', { name: 'Cancel' }));
    expect(queryByRole('group', { name: 'Record “Bad timing”?' })).toBeNull();
    expect(trigger.ownerDocument.activeElement).toBe(trigger);

    fireEvent.click(trigger);
    fireEvent.keyDown(getByRole('button', { name: 'Record' }), { key: 'Escape' });
    expect(queryByRole('group', { name: 'Record “Bad timing”?' })).toBeNull();
    expect(trigger.ownerDocument.activeElement).toBe(trigger);
    expect(props.onRecord).not.toHaveBeenCalled();
  });

  it('another outcome replaces the question; one with a form closes it', () => {
    const { getByRole, queryByRole } = renderBar({ guard: testGuard('confirm') });
    fireEvent.click(getByRole('button', { name: 'Meeting booked' }));
    fireEvent.click(getByRole('button', { name: 'No response' }));
    expect(queryByRole('group', { name: 'Record “Meeting booked”?' })).toBeNull();
    expect(getByRole('group', { name: 'Record “No response”?' })).toBeTruthy();
    fireEvent.click(getByRole('button', { name: 'Won' }));
    expect(queryByRole('group', { name: /^Record “/ })).toBeNull();
    expect(getByRole('form', { name: 'Details for “Won”' })).toBeTruthy();
  });

  it('a form’s Save is the second step already: it records without another question', () => {
    const { getByRole, getByLabelText, queryByRole, props } = renderBar({ guard: testGuard('confirm') });
    fireEvent.click(getByRole('button', { name: 'Won' }));
    fireEvent.input(getByLabelText('Amount'), { target: { value: '900' } });
    fireEvent.click(getByRole('button', { name: 'Save “Won”' }));
    expect(props.onRecord).toHaveBeenCalledWith({ kind: 'won', amount: 900, currency: 'USD' });
    expect(queryByRole('group', { name: /^Record “/ })).toBeNull();
  });
});

describe('OutcomeBar: outcomes the platform cannot take', () => {
  it('says why a blocked outcome cannot be written back, records nothing for it, and links to the fix', () => {
    const onSetUpWriteBack = vi.fn();
    const { getByRole, getByText, props } = renderBar({
      blocked: {
        meeting_booked:
          'no Marketo status value is set for “meeting_booked” and no custom activity type is set',
      },
      target: 'Marketo',
      onSetUpWriteBack,
    });
    const button = getByRole('button', { name: 'Meeting booked' });
    expect(button.getAttribute('aria-disabled')).toBe('true');
    const note = getByText(/cannot be written back to Marketo yet/);
    expect(note.textContent).toBe(
      '“Meeting booked” cannot be written back to Marketo yet: no Marketo status value is set for “meeting_booked” and no custom activity type is set.',
    );
    expect(button.getAttribute('aria-describedby')).toBe(note.closest('.ll-notice')!.id);
    fireEvent.click(button);
    expect(props.onRecord).not.toHaveBeenCalled();
    // The others still record.
    fireEvent.click(getByRole('button', { name: 'Bad timing' }));
    expect(props.onRecord).toHaveBeenCalledWith({ kind: 'bad_timing' });
    fireEvent.click(getByRole('button', { name: 'Set up write-back in Options' }));
    expect(onSetUpWriteBack).toHaveBeenCalledOnce();
  });
});

import { describe, expect, it } from 'vitest';
import { applyBackgroundMessage } from '../sidebar/frame';
import { leadView } from '../sidebar/test-data';
import {
  A,
  B,
  C,
  chip,
  el,
  GMAIL,
  ME,
  setup,
  shownName,
  THREAD_A,
  THREAD_B,
  threadView,
  useGmailPage,
} from './controller-test-setup';

useGmailPage();

describe('content controller: messages from the background', () => {
  async function showingA() {
    const context = setup();
    await context.navigate(`#inbox/${THREAD_A}`, threadView(THREAD_A, [{ from: A, to: [ME] }]));
    await context.answer(0, context.found(A));
    expect(shownName(context.state)).toBe(A.name);
    return context;
  }

  it('applies lead.updated for the lead on screen', async () => {
    const { state } = await showingA();
    applyBackgroundMessage(state, {
      type: 'lead.updated',
      payload: leadView({ email: A.email, lead: { email: A.email, name: 'Ada Lane-Moreau', refs: [] } }),
    });
    expect(shownName(state)).toBe('Ada Lane-Moreau');
  });

  it('ignores lead.updated for another email', async () => {
    const { state } = await showingA();
    applyBackgroundMessage(state, {
      type: 'lead.updated',
      payload: leadView({ email: B.email, lead: { email: B.email, name: B.name, refs: [] } }),
    });
    expect(state.selected.value).toBe(A.email);
    expect(shownName(state)).toBe(A.name);
    expect(state.view.value?.email).toBe(A.email);
  });

  it.each([
    { name: 'no payload', message: { type: 'lead.updated' } },
    {
      name: 'an unknown status',
      message: { type: 'lead.updated', payload: { ...leadView({ email: A.email }), status: 'hacked' } },
    },
    {
      name: 'no touchpoints list',
      message: {
        type: 'lead.updated',
        payload: { email: A.email, status: 'found', sources: [], outcomes: [] },
      },
    },
    {
      name: 'an address that is not one',
      message: { type: 'lead.updated', payload: leadView({ email: 'not an address' }) },
    },
    {
      name: 'a lead name as an object',
      message: {
        type: 'lead.updated',
        payload: { ...leadView({ email: A.email }), lead: { email: A.email, name: { html: '<b>x</b>' } } },
      },
    },
    { name: 'a string', message: 'lead.updated' },
    { name: 'null', message: null },
    { name: 'an unknown type', message: { type: 'lead.replace', payload: leadView({ email: A.email }) } },
  ])('ignores an invalid message: $name', async ({ message }) => {
    const { state } = await showingA();
    const before = state.view.value;
    expect(() => applyBackgroundMessage(state, message)).not.toThrow();
    expect(state.view.value).toBe(before);
    expect(shownName(state)).toBe(A.name);
  });

  it('sidebar.toggle collapses and reopens the sidebar', () => {
    const { state, controller, setOpen } = setup();
    expect(state.open.value).toBe(true);
    controller.onMessage({ type: 'sidebar.toggle', payload: {} });
    expect(state.open.value).toBe(false);
    controller.onMessage({ type: 'sidebar.toggle', payload: {} });
    expect(state.open.value).toBe(true);
    expect(setOpen.mock.calls).toEqual([[false], [true]]);
  });
});

describe('content controller: teardown', () => {
  it('after abort the sidebar is cleared; navigation, page changes and hovering ask for nothing, and a pending answer is dropped', async () => {
    const { state, answer, abort, navigate, requestLead, found, controller, main, report } = setup();
    await navigate(`#inbox/${THREAD_A}`, threadView(THREAD_A, [{ from: A, to: [ME] }]));
    expect(requestLead).toHaveBeenCalledTimes(1);
    // The inbox the page opened on (nobody), then the thread.
    expect(report).toHaveBeenCalledTimes(2);

    abort.abort();
    await answer(0, found(A));
    expect(state.view.value).toBeNull();

    await navigate(`#inbox/${THREAD_B}`, threadView(THREAD_B, [{ from: B, to: [ME] }]));
    main.append(el('div', { name: 'to' }, chip(C.email)));
    controller.watcher.check();
    (main.querySelector('span.gD') as HTMLElement).dispatchEvent(
      new MouseEvent('mouseover', { bubbles: true }),
    );
    // Gives any timer the controller or the watcher could still have set a chance to fire.
    await new Promise((resolve) => setTimeout(resolve, 150));

    expect(requestLead).toHaveBeenCalledTimes(1);
    expect(report).toHaveBeenCalledTimes(2);
    expect(state.selected.value).toBeNull();
    expect(state.status.value).toBe('idle');
    expect(controller.lastDetection()?.viewKey).toBe(`gmail:thread:thread-f:${THREAD_A}`);
  });

  it('a report still on its way when the page goes tells the frame nothing', async () => {
    const pending: ((ok: boolean) => void)[] = [];
    const { state, abort, controller, url, main } = setup(
      () => new Promise<boolean>((resolve) => pending.push(resolve)),
    );
    url.current = `${GMAIL}#inbox/${THREAD_A}`;
    main.replaceChildren(...threadView(THREAD_A, [{ from: A, to: [ME] }]));
    controller.watcher.onLocationChange();
    controller.watcher.check();
    expect(pending).toHaveLength(1);
    abort.abort();
    pending[0]!(true);
    await controller.reported();
    expect(state.people.value).toEqual([]);
    expect(state.status.value).toBe('idle');
  });
});

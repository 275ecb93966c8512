/**
 * axe-core's structural rules (names, roles, ARIA, labels, landmarks) on the extension pages in
 * the states that add controls: errors shown, a preview table, a confirmation, a looked-up lead.
 * Colour contrast needs real layout; the palette test and the end-to-end axe run cover it.
 */
import { act, fireEvent, render, screen } from '@testing-library/preact';
import axe from 'axe-core';
import { afterEach, describe, expect, it } from 'vitest';
import type { LeadView } from '../../lib/model/view';
import { defaultSettings } from '../../lib/settings/schema';
import { OptionsApp } from './OptionsApp';
import { PopupApp } from './PopupApp';
import { fakeClient, fakeWorkspace, optionsDeps, settingsBackground } from './test-helpers';
import { WelcomeApp } from './WelcomeApp';

afterEach(() => document.body.replaceChildren());

async function violations(root: Element) {
  const result = await axe.run(root, {
    rules: {
      'color-contrast': { enabled: false },
      // The test document has no <title> or lang; the pages' index.html files do.
      'document-title': { enabled: false },
      'html-has-lang': { enabled: false },
    },
  });
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

const settle = () => act(async () => void (await new Promise((resolve) => setTimeout(resolve, 0))));

describe('axe (structure) on the extension pages', () => {
  it('options page, with errors, a site, an import preview and the delete confirmation open', async () => {
    const settings = structuredClone(defaultSettings()); // defaults share references; never mutate them
    settings.sites.custom = [
      { id: 'crm-1', pattern: 'https://crm.example.com/*', selector: '', reader: 'page' },
    ];
    settings.sources.hubspot.enabled = true;
    const background = settingsBackground(settings, { 'outcomes.list': () => [] });
    render(<OptionsApp deps={optionsDeps(background.client, { workspace: fakeWorkspace() })} />);
    await screen.findByRole('heading', { level: 2, name: 'Sources' });

    fireEvent.input(screen.getByLabelText('Your own addresses'), { target: { value: 'bob@' } });
    fireEvent.input(screen.getByLabelText('Address pattern'), { target: { value: 'http://x' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add site' }));
    const file = screen.getByLabelText('File to import') as HTMLInputElement;
    Object.defineProperty(file, 'files', { value: [new File(['x'], 'x.csv')] });
    fireEvent.change(file);
    await screen.findByRole('table', { name: /First rows/ });
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    fireEvent.click(screen.getByRole('button', { name: 'Delete everything…' }));
    await screen.findByRole('button', { name: 'Yes, delete everything' });
    await settle();

    expect(await violations(document.body)).toEqual([]);
    // The whole options page is large for axe under happy-dom on a shared machine.
  }, 60_000);

  it('popup with follow-ups, an undelivered outcome and a looked-up lead', async () => {
    const now = Date.parse('2026-03-10T12:00:00Z');
    const view: LeadView = {
      email: 'ada@example.com',
      status: 'found',
      lead: { email: 'ada@example.com', name: 'Ada', refs: [] },
      touchpoints: [],
      sources: [],
      outcomes: [],
      sample: false,
      colleaguesEngaged: 0,
    };
    const fake = fakeClient({
      'sources.status': () => [
        { source: 'local', label: 'Local workspace', enabled: true, permission: true, configured: true },
      ],
      'outcomes.list': () => [
        {
          id: crypto.randomUUID(),
          leadEmail: 'ada@example.com',
          kind: 'won',
          createdAt: '2026-03-01T10:00:00.000Z',
          by: '',
          target: 'hubspot',
          attribution: { touches: [] },
          delivery: 'failed',
          attempts: 3,
        },
      ],
      'followups.list': () => [
        {
          email: 'ada@example.com',
          mqlAt: '2026-03-01T10:00:00.000Z',
          dueAt: '2026-03-02T10:00:00.000Z',
          state: 'overdue',
          seenAt: '2026-03-09T10:00:00.000Z',
        },
      ],
      'lead.get': () => view,
    });
    render(<PopupApp deps={{ client: fake.client, now: () => now }} />);
    fireEvent.input(screen.getByLabelText('Email address'), { target: { value: 'ada@example.com' } });
    fireEvent.click(screen.getByRole('button', { name: 'Look up' }));
    await screen.findByRole('article');
    await screen.findByText(/Overdue by/);
    await settle();

    expect(await violations(document.body)).toEqual([]);
  });

  it('welcome page after loading the sample', async () => {
    const background = settingsBackground(undefined, {
      'workspace.useSample': () => ({ leads: 3, touchpoints: 9 }),
    });
    render(
      <WelcomeApp
        deps={{ client: background.client, sampleLeads: [{ email: 'a@b-example.com', note: 'hot' }] }}
      />,
    );
    await screen.findByLabelText('Your own email addresses');
    fireEvent.click(screen.getByRole('button', { name: 'Try the sample workspace' }));
    await screen.findByText('a@b-example.com');
    fireEvent.click(screen.getByRole('button', { name: 'Save and finish' }));
    await settle();

    expect(await violations(document.body)).toEqual([]);
  });
});

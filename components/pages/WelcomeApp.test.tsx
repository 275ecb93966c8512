import { fireEvent, render, screen } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { err, ok } from '../../lib/messaging/result';
import { WelcomeApp } from './WelcomeApp';
import { settingsBackground } from './test-helpers';

const SAMPLE_LEADS = [
  { email: 'hot@northwind-example.com', note: 'visited pricing' },
  { email: 'late@oakhurst-example.com', note: 'nobody followed up' },
];

async function renderWelcome(extra: Parameters<typeof settingsBackground>[1] = {}) {
  const background = settingsBackground(undefined, extra);
  render(<WelcomeApp deps={{ client: background.client, sampleLeads: SAMPLE_LEADS }} />);
  await screen.findByLabelText('Your own email addresses');
  return background;
}

describe('WelcomeApp', () => {
  it('loads the sample workspace in one click and says what to try next', async () => {
    const background = await renderWelcome({
      'workspace.useSample': () => ({ leads: 300, touchpoints: 12000 }),
    });
    expect(screen.queryByText('hot@northwind-example.com')).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Try the sample workspace' }));
    expect(
      await screen.findByText(/The sample workspace is loaded: 300 made-up leads and 12,000 activities/),
    ).toBeTruthy();
    expect(background.callsOf('workspace.useSample')).toHaveLength(1);
    expect(screen.getByText('hot@northwind-example.com')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Gmail' }).getAttribute('href')).toBe('https://mail.google.com/');
  });

  it('shows a failure next to the sample button', async () => {
    await renderWelcome({
      'workspace.useSample': () => {
        throw new Error('The local workspace could not be written.');
      },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Try the sample workspace' }));
    const message = await screen.findByText('The local workspace could not be written.');
    expect(
      screen.getByRole('button', { name: 'Try the sample workspace' }).getAttribute('aria-describedby'),
    ).toBe(message.closest('[role="status"]')?.id);
  });

  it('links to the sources section to connect a platform', async () => {
    await renderWelcome();
    expect(screen.getByRole('link', { name: 'Connect a platform' }).getAttribute('href')).toBe(
      '/options.html#sources',
    );
  });

  it('saves who you are and the SLA, and marks onboarding done', async () => {
    const background = await renderWelcome();
    fireEvent.input(screen.getByLabelText('Your own email addresses'), {
      target: { value: 'me@acme.example' },
    });
    fireEvent.input(screen.getByLabelText('Your company’s email domains'), {
      target: { value: 'Acme.example\nacme-mail.example' },
    });
    fireEvent.input(screen.getByLabelText('Follow up new MQLs within'), { target: { value: '4' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save and finish' }));

    expect(await screen.findByText(/Saved. You are set up/)).toBeTruthy();
    const saved = background.stored();
    expect(saved.you.ownAddresses).toEqual(['me@acme.example']);
    expect(saved.you.internalDomains).toEqual(['acme.example', 'acme-mail.example']);
    expect(saved.sla.hours).toBe(4);
    expect(saved.onboarded).toBe(true);
  });

  it('suggests the account seen on a mail page, fills it in only on a click, and saves it with the form', async () => {
    let seen: { email: string; domain: string | null; name?: string } | null = null;
    const background = await renderWelcome({ 'account.seen': () => seen });
    expect(screen.queryByRole('region', { name: 'Suggested from your mail' })).toBeNull();

    // The user opens Outlook in another tab, then comes back.
    seen = { email: 'sam@loopline-sales.example', domain: 'loopline-sales.example', name: 'Sam Rep' };
    fireEvent.focus(window);
    const suggestion = await screen.findByRole('region', { name: 'Suggested from your mail' });
    expect(suggestion.textContent).toContain('sam@loopline-sales.example');
    expect((screen.getByLabelText('Your own email addresses') as HTMLTextAreaElement).value).toBe('');

    fireEvent.click(
      screen.getByRole('button', { name: 'Use sam@loopline-sales.example and loopline-sales.example' }),
    );
    expect((screen.getByLabelText('Your own email addresses') as HTMLTextAreaElement).value).toBe(
      'sam@loopline-sales.example',
    );
    expect(screen.queryByRole('region', { name: 'Suggested from your mail' })).toBeNull();
    expect(background.callsOf('settings.save')).toEqual([]);

    fireEvent.click(screen.getByRole('button', { name: 'Save and finish' }));
    expect(await screen.findByText(/Saved. You are set up/)).toBeTruthy();
    expect(background.stored().you).toMatchObject({
      name: 'Sam Rep',
      ownAddresses: ['sam@loopline-sales.example'],
      internalDomains: ['loopline-sales.example'],
    });
  });

  it('suggests no company domain for a free-mail account', async () => {
    await renderWelcome({ 'account.seen': () => ({ email: 'sam.rep@gmail.com', domain: null }) });
    expect(await screen.findByRole('button', { name: 'Use sam.rep@gmail.com' })).toBeTruthy();
  });

  it('does not save an invalid domain and says why next to the field', async () => {
    const background = await renderWelcome();
    const domains = screen.getByLabelText('Your company’s email domains');
    fireEvent.input(domains, { target: { value: 'not a domain' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save and finish' }));
    expect(await screen.findByText(/“not a domain”: not a domain name/)).toBeTruthy();
    expect(domains.getAttribute('aria-invalid')).toBe('true');
    expect(background.callsOf('settings.save')).toEqual([]);
  });

  it('asks for Gmail and the CRMs in the click when the browser left them to the user (Firefox)', async () => {
    const background = settingsBackground();
    let granted = false;
    const request = vi.fn(async (origins: string[]) => {
      granted = true;
      return ok(origins);
    });
    const siteAccess = {
      missing: async () => (granted ? [] : ['https://mail.google.com/*', 'https://app.hubspot.com/*']),
      request,
    };
    render(
      <WelcomeApp deps={{ client: background.client, sampleLeads: SAMPLE_LEADS }} siteAccess={siteAccess} />,
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Allow on your mail and your CRM' }));
    // Called in the click itself, with everything missing at once.
    expect(request).toHaveBeenCalledWith(['https://mail.google.com/*', 'https://app.hubspot.com/*']);
    expect(await screen.findByText(/Loopline can now work on your mail and your CRM/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Allow on your mail and your CRM' })).toBeNull();
  });

  it('says nothing about site access when everything is granted, and shows a refusal', async () => {
    const background = settingsBackground();
    render(
      <WelcomeApp
        deps={{ client: background.client, sampleLeads: SAMPLE_LEADS }}
        siteAccess={{ missing: async () => [], request: async (origins) => ok(origins) }}
      />,
    );
    await screen.findByLabelText('Your own email addresses');
    expect(screen.queryByRole('heading', { name: 'Allow Loopline on Gmail and your CRM' })).toBeNull();

    render(
      <WelcomeApp
        deps={{ client: background.client, sampleLeads: SAMPLE_LEADS }}
        siteAccess={{
          missing: async () => ['https://mail.google.com/*'],
          request: async () => err('forbidden', 'Access to mail.google.com was not granted.'),
        }}
      />,
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Allow on your mail and your CRM' }));
    expect(await screen.findByText('Access to mail.google.com was not granted.')).toBeTruthy();
  });
});

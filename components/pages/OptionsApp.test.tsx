import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { defaultSettings, type Settings } from '../../lib/settings/schema';
import { SECRET_MASK } from '../../lib/settings/store';
import { OptionsApp } from './OptionsApp';
import { fakePermissions, optionsDeps, settingsBackground } from './test-helpers';

function settingsWith(change: (settings: Settings) => void): Settings {
  const settings = structuredClone(defaultSettings()); // defaults share references; never mutate them
  change(settings);
  return settings;
}

async function renderOptions(
  background = settingsBackground(),
  overrides: Parameters<typeof optionsDeps>[1] = {},
) {
  const deps = optionsDeps(background.client, overrides);
  const view = render(<OptionsApp deps={deps} />);
  await screen.findByRole('heading', { level: 2, name: 'Sources' });
  return { ...view, deps, background };
}

const sourceCard = (name: string) =>
  screen.getByRole('heading', { level: 3, name }).closest('section') as HTMLElement;

describe('OptionsApp: validation', () => {
  it('shows an invalid field’s error next to it and does not save', async () => {
    const { background } = await renderOptions();
    const addresses = screen.getByLabelText('Your own addresses');
    fireEvent.input(addresses, { target: { value: 'me@company.example\nbob@' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));

    const message = await screen.findByText(/“bob@”: not an email address/);
    const errorBox = message.closest('.field-error') as HTMLElement;
    expect(addresses.getAttribute('aria-invalid')).toBe('true');
    expect(addresses.getAttribute('aria-describedby')).toContain(errorBox.id);
    expect(screen.getByText(/Not saved: one field needs attention/)).toBeTruthy();
    expect(background.callsOf('settings.save')).toEqual([]);
  });

  it('saves the whole settings object once every field is valid', async () => {
    const { background } = await renderOptions();
    fireEvent.input(screen.getByLabelText('Your own addresses'), {
      target: { value: ' Me@Company.example ' },
    });
    fireEvent.input(screen.getByLabelText('Follow up within'), { target: { value: '8' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));

    await screen.findByText('Saved.');
    expect(background.callsOf('settings.save')).toHaveLength(1);
    const saved = background.stored();
    expect(saved.you.ownAddresses).toEqual(['me@company.example']);
    expect(saved.sla.hours).toBe(8);
    // Untouched parts travel too: nothing is saved half.
    expect(saved.outcomes).toEqual(defaultSettings().outcomes);
  });

  it('says so when a number box holds no number', async () => {
    const { background } = await renderOptions();
    const hours = screen.getByLabelText('Follow up within');
    fireEvent.input(hours, { target: { value: '' } });
    fireEvent.blur(hours);
    expect(await screen.findByText('Enter a number.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    await screen.findByText(/Not saved/);
    expect(background.callsOf('settings.save')).toEqual([]);
  });

  it('rejects a working day that ends before it starts (a rule across fields)', async () => {
    const { background } = await renderOptions(
      settingsBackground(settingsWith((s) => void (s.sla.businessHoursOnly = true))),
    );
    fireEvent.change(screen.getByLabelText('Working day ends'), { target: { value: '8' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText('The working day must end after it starts.')).toBeTruthy();
    expect(background.callsOf('settings.save')).toEqual([]);
  });
});

describe('OptionsApp: secrets', () => {
  it('shows a message when a pasted token holds a line break, and does not save it', async () => {
    const { background } = await renderOptions();
    const token = within(sourceCard('HubSpot')).getByLabelText('Private app access token');
    fireEvent.paste(token, { clipboardData: { getData: () => 'pat-na1-1234\n5678' } });

    expect(
      await within(sourceCard('HubSpot')).findByText(/Contains spaces or line breaks; paste the value again/),
    ).toBeTruthy();
    expect(token.getAttribute('aria-invalid')).toBe('true');
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    await screen.findByText(/Not saved/);
    expect(background.callsOf('settings.save')).toEqual([]);
  });

  it('shows a message for a token typed with a space', async () => {
    await renderOptions();
    const token = within(sourceCard('Mailchimp')).getByLabelText('API key');
    fireEvent.input(token, { target: { value: 'abc def-us21' } });
    expect(await within(sourceCard('Mailchimp')).findByText(/Contains spaces or line breaks/)).toBeTruthy();
  });

  it('shows a saved secret as saved, never its value, and keeps it when saving', async () => {
    const background = settingsBackground(
      settingsWith((s) => void (s.sources.hubspot.token = 'pat-secret-value')),
    );
    await renderOptions(background);
    const token = within(sourceCard('HubSpot')).getByLabelText(
      'Private app access token',
    ) as HTMLInputElement;
    expect(token.value).toBe('');
    expect(token.getAttribute('placeholder')).toBe('Saved');
    expect(document.body.textContent).not.toContain('pat-secret-value');

    fireEvent.input(screen.getByLabelText('Your name'), { target: { value: 'Sam' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    await screen.findByText('Saved.');
    expect(
      (background.callsOf('settings.save')[0] as { settings: Settings }).settings.sources.hubspot.token,
    ).toBe(SECRET_MASK);
  });
});

describe('OptionsApp: sources', () => {
  it('switches a source on when its host permission is granted', async () => {
    const permissions = fakePermissions();
    await renderOptions(settingsBackground(), { permissions: permissions.api });
    const toggle = within(sourceCard('HubSpot')).getByRole('switch', {
      name: 'Use HubSpot',
    }) as HTMLInputElement;
    fireEvent.click(toggle);

    expect(permissions.api.request).toHaveBeenCalledWith({ origins: ['https://api.hubapi.com/*'] });
    expect(await within(sourceCard('HubSpot')).findByText(/Access to api.hubapi.com granted/)).toBeTruthy();
    await waitFor(() => expect(toggle.checked).toBe(true));
  });

  it('stays off with a message when the permission is refused', async () => {
    const permissions = fakePermissions([], false);
    const { background } = await renderOptions(settingsBackground(), { permissions: permissions.api });
    const toggle = within(sourceCard('HubSpot')).getByRole('switch', {
      name: 'Use HubSpot',
    }) as HTMLInputElement;
    fireEvent.click(toggle);

    expect(
      await within(sourceCard('HubSpot')).findByText(/was not granted, so HubSpot stays off/),
    ).toBeTruthy();
    expect(toggle.checked).toBe(false);
    expect(screen.getByRole('button', { name: 'Save changes' }).hasAttribute('disabled')).toBe(true);
    expect(background.callsOf('settings.save')).toEqual([]);
  });

  it('gives the host back after a save switches the source off', async () => {
    const permissions = fakePermissions(['https://api.hubapi.com/*']);
    await renderOptions(settingsBackground(settingsWith((s) => void (s.sources.hubspot.enabled = true))), {
      permissions: permissions.api,
    });
    fireEvent.click(within(sourceCard('HubSpot')).getByRole('switch', { name: 'Use HubSpot' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    await screen.findByText('Saved.');
    await waitFor(() =>
      expect(permissions.api.remove).toHaveBeenCalledWith({ origins: ['https://api.hubapi.com/*'] }),
    );
  });

  it('shows the background’s verdict of a connection test', async () => {
    const background = settingsBackground(defaultSettings(), {
      'source.test': () => ({
        ok: false,
        detail: 'HubSpot refused the token (401): check that it was copied whole.',
      }),
    });
    await renderOptions(background);
    fireEvent.click(within(sourceCard('HubSpot')).getByRole('button', { name: /Test connection/ }));
    expect(await within(sourceCard('HubSpot')).findByText(/HubSpot refused the token \(401\)/)).toBeTruthy();
    expect(background.callsOf('source.test')).toEqual([{ source: 'hubspot' }]);
    expect(screen.queryByRole('link', { name: /Set up writing outcomes back/ })).toBeNull();
  });

  it('a connection that cannot write outcomes back links to where that is set up', async () => {
    const background = settingsBackground(defaultSettings(), {
      'source.test': () => ({
        ok: true,
        detail:
          'Connected to Marketo; outcomes cannot be written back: no outcome has a Marketo status value.',
        writeBackFix: 'outcomes',
      }),
    });
    await renderOptions(background);
    fireEvent.click(within(sourceCard('Marketo')).getByRole('button', { name: /Test connection/ }));
    const link = await within(sourceCard('Marketo')).findByRole('link', {
      name: 'Set up writing outcomes back to Marketo',
    });
    expect(link.getAttribute('href')).toBe('#outcomes');
  });
});

describe('OptionsApp: custom sites', () => {
  it('explains an invalid pattern next to the field and asks for nothing', async () => {
    const permissions = fakePermissions();
    await renderOptions(settingsBackground(), { permissions: permissions.api });
    const pattern = screen.getByLabelText('Address pattern');
    fireEvent.input(pattern, { target: { value: 'https://*/*' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add site' }));

    const message = await screen.findByText(/A pattern for every website/);
    expect(pattern.getAttribute('aria-describedby')).toContain(
      (message.closest('.field-error') as HTMLElement).id,
    );
    expect(permissions.api.request).not.toHaveBeenCalled();
  });

  it('explains a selector that does not parse', async () => {
    await renderOptions();
    fireEvent.input(screen.getByLabelText('Address pattern'), {
      target: { value: 'https://crm.example.com/*' },
    });
    fireEvent.input(screen.getByLabelText(/Selector of the lead’s address/), { target: { value: 'div[' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add site' }));
    expect(await screen.findByText(/"div\[" is not a valid CSS selector/)).toBeTruthy();
  });

  it('adds a site after the permission is granted, and removes it again', async () => {
    const permissions = fakePermissions();
    const background = settingsBackground();
    await renderOptions(background, { permissions: permissions.api });
    fireEvent.input(screen.getByLabelText('Address pattern'), {
      target: { value: 'https://CRM.example.com/*' },
    });
    fireEvent.input(screen.getByLabelText(/Selector of the lead’s address/), { target: { value: '#email' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add site' }));

    expect(permissions.api.request).toHaveBeenCalledWith({ origins: ['https://crm.example.com/*'] });
    await screen.findByText(/Added https:\/\/crm.example.com\/\*/);
    const [site] = background.stored().sites.custom;
    expect(site).toMatchObject({ pattern: 'https://crm.example.com/*', selector: '#email', reader: 'page' });
    expect(site!.id).toMatch(/^crm-example-com-[a-z0-9]{4}$/);

    fireEvent.click(screen.getByRole('button', { name: 'Remove https://crm.example.com/*' }));
    await screen.findByText(/Removed https:\/\/crm.example.com\/\*/);
    expect(background.stored().sites.custom).toEqual([]);
    expect(permissions.api.remove).toHaveBeenCalledWith({ origins: ['https://crm.example.com/*'] });
  });

  it('adds an on-premises Outlook read as Outlook on the web, without a selector', async () => {
    const permissions = fakePermissions();
    const background = settingsBackground();
    await renderOptions(background, { permissions: permissions.api });
    fireEvent.input(screen.getByLabelText('Address pattern'), {
      target: { value: 'https://mail.corp.example/owa/*' },
    });
    fireEvent.input(screen.getByLabelText(/Selector of the lead’s address/), {
      target: { value: '#ignored' },
    });
    fireEvent.click(screen.getByRole('radio', { name: 'Outlook on the web on your own server (/owa/)' }));
    expect(
      (screen.getByLabelText(/Selector of the lead’s address/).closest('.field') as HTMLElement).hidden,
    ).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Add site' }));

    expect(permissions.api.request).toHaveBeenCalledWith({ origins: ['https://mail.corp.example/owa/*'] });
    await screen.findByText(/Added https:\/\/mail.corp.example\/owa\/\*/);
    expect(background.stored().sites.custom).toEqual([
      expect.objectContaining({
        pattern: 'https://mail.corp.example/owa/*',
        selector: '',
        reader: 'outlook',
      }),
    ]);
    expect(
      within(screen.getByRole('table', { name: 'Sites you added' })).getByText(
        'Outlook on the web on your own server (/owa/)',
      ),
    ).toBeTruthy();
  });

  it('does not add a site whose permission is refused', async () => {
    const permissions = fakePermissions([], false);
    const background = settingsBackground();
    await renderOptions(background, { permissions: permissions.api });
    fireEvent.input(screen.getByLabelText('Address pattern'), {
      target: { value: 'https://crm.example.com/*' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Add site' }));
    expect(await screen.findByText(/was not granted, so the site was not added/)).toBeTruthy();
    expect(background.callsOf('settings.save')).toEqual([]);
  });

  it('keeps other unsaved edits unsaved when a site is added', async () => {
    const background = settingsBackground();
    await renderOptions(background);
    fireEvent.input(screen.getByLabelText('Your name'), { target: { value: 'Draft name' } });
    fireEvent.input(screen.getByLabelText('Address pattern'), {
      target: { value: 'https://crm.example.com/*' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Add site' }));
    await screen.findByText(/Added/);
    expect(background.stored().you.name).toBe('');
    expect((screen.getByLabelText('Your name') as HTMLInputElement).value).toBe('Draft name');
  });
});

describe('OptionsApp: outcomes and definitions', () => {
  it('derives a new outcome’s key from its label and saves its status mapping', async () => {
    const background = settingsBackground();
    await renderOptions(background);
    fireEvent.click(screen.getByRole('button', { name: 'Add outcome' }));
    const label = screen.getByLabelText('Label of outcome 9');
    fireEvent.input(label, { target: { value: 'Demo given!' } });
    const key = screen.getByLabelText('Key of Demo given!') as HTMLInputElement;
    expect(key.value).toBe('demo_given');
    fireEvent.input(screen.getByLabelText('HubSpot lead status for Demo given!'), {
      target: { value: 'IN_PROGRESS' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    await screen.findByText('Saved.');
    expect(background.stored().outcomes.at(-1)).toEqual({
      key: 'demo_given',
      label: 'Demo given!',
      needs: 'none',
      stage: 'other',
    });
    expect(background.stored().sources.hubspot.statusMapping).toEqual({ demo_given: 'IN_PROGRESS' });
  });

  it('blocks saving two definitions of the same term', async () => {
    const background = settingsBackground(settingsWith((s) => void (s.definitions = { mql: 'One.' })));
    await renderOptions(background);
    fireEvent.click(screen.getByRole('button', { name: 'Add a definition' }));
    const terms = screen.getAllByLabelText('Term');
    fireEvent.input(terms[1]!, { target: { value: 'MQL' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText(/“MQL” is defined twice/)).toBeTruthy();
    expect(background.callsOf('settings.save')).toEqual([]);
  });
});

describe('OptionsApp: deep links', () => {
  it('focuses the section named by the hash', async () => {
    window.location.hash = '#data';
    await renderOptions();
    await waitFor(() => expect(document.activeElement?.textContent).toBe('Data'));
    window.location.hash = '';
  });
});

describe('OptionsApp: Marketo activity types for outcomes', () => {
  it('offers only the instance’s types that can carry an outcome id, says why the others cannot, and saves the choice', async () => {
    const background = settingsBackground(defaultSettings(), {
      'marketo.activityTypes': () => [
        { id: 100001, name: 'Loopline outcome', usable: true, idField: 'Outcome Id' },
        {
          id: 100002,
          name: 'Webinar feedback',
          usable: false,
          reason: 'no text field can carry the outcome id',
        },
      ],
    });
    await renderOptions(background);
    fireEvent.click(screen.getByRole('button', { name: 'Find Marketo activity types' }));
    expect(await screen.findByText(/2 custom activity types; 1 can carry an outcome’s id\./)).toBeTruthy();
    const usable = screen.getByRole('radio', { name: /Loopline outcome/ }) as HTMLInputElement;
    const unusable = screen.getByRole('radio', { name: /Webinar feedback/ }) as HTMLInputElement;
    expect(unusable.disabled).toBe(true);
    expect(screen.getByText('Cannot take outcomes: no text field can carry the outcome id.')).toBeTruthy();
    expect(screen.getByText('The outcome id goes into “Outcome Id”.')).toBeTruthy();
    fireEvent.click(usable);
    fireEvent.click(screen.getAllByRole('button', { name: /^Save/ })[0]!);
    await waitFor(() => expect(background.callsOf('settings.save')).toHaveLength(1));
    const saved = (background.callsOf('settings.save')[0] as { settings: Settings }).settings;
    expect(saved.sources.marketo.customActivityTypeId).toBe(100001);
  });

  it('says why it could not list them', async () => {
    const background = settingsBackground(defaultSettings(), {
      'marketo.activityTypes': () => {
        throw new Error('Marketo: the REST API base URL is not set.');
      },
    });
    await renderOptions(background);
    fireEvent.click(screen.getByRole('button', { name: 'Find Marketo activity types' }));
    expect(
      await screen.findByText(/Could not list them: Marketo: the REST API base URL is not set\./),
    ).toBeTruthy();
  });
});

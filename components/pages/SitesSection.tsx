/**
 * Sites: the built-in CRMs on or off, and the user's own CRM sites. Adding a site validates the
 * pattern and selector, asks for that host (in the submit's gesture) and saves at once; the
 * background then registers the CRM content script for it. Removing saves at once and gives the
 * host back.
 */
import { useState } from 'preact/hooks';
import { hostOf, requestSitePermission, validateMatchPattern, validateSelector } from '../../lib/permissions';
import type { Settings } from '../../lib/settings/schema';
import { BUILTIN_SITES, CUSTOM_SITE_READERS, type CustomSiteReader } from '../../lib/sites/registry';
import { focusFirstInvalid } from './bind';
import { CheckboxField, FieldErrors } from './fields';
import { Section, StatusLine } from './Section';
import type { SettingsForm } from './settings-form';
import type { OptionsDeps } from './types';

type BuiltinId = keyof Settings['sites']['builtins'];
type Line = { kind: 'ok' | 'error' | 'info'; text: string } | null;

/** How a site the user adds is read, in words. */
const READER_LABELS: Record<CustomSiteReader, string> = {
  page: 'A CRM or any page: the addresses it shows',
  outlook: 'Outlook on the web on your own server (/owa/)',
};

/** The "Built-in sites" switches, one per site in the registry. */
export const BUILTIN_SWITCHES: readonly { id: BuiltinId; label: string; hosts: string }[] = BUILTIN_SITES.map(
  (site) => ({ id: site.id, label: site.settingsLabel ?? site.label, hosts: site.hostsLabel }),
);

export const MAX_CUSTOM_SITES = 50;

/** A stable, schema-valid id (`^[a-z0-9-]{1,40}$`) named after the host. */
export function siteIdFor(
  pattern: string,
  taken: ReadonlySet<string>,
  random: () => number = Math.random,
): string {
  const host = (hostOf(pattern) ?? 'site').replace(/^\*\./, '');
  const base =
    host
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 30) || 'site';
  for (;;) {
    const id = `${base}-${Math.floor(random() * 36 ** 4)
      .toString(36)
      .padStart(4, '0')}`;
    if (!taken.has(id)) return id;
  }
}

export function SitesSection({ form, deps }: { form: SettingsForm; deps: OptionsDeps }) {
  const draft = form.draft.value;
  const saved = form.saved.value;
  if (!draft || !saved) return null;
  return (
    <Section
      id="sites"
      title="Sites"
      intro="Where the sidebar appears. The built-in sites need no extra permission; a site you add asks for access to its host only."
    >
      <fieldset class="group">
        <legend>Built-in sites</legend>
        {BUILTIN_SWITCHES.map((site) => (
          <CheckboxField
            key={site.id}
            label={site.label}
            hint={site.hosts}
            checked={draft.sites.builtins[site.id]}
            onValue={(on) => form.update((d) => void (d.sites.builtins[site.id] = on))}
          />
        ))}
      </fieldset>
      <CustomSites form={form} deps={deps} saved={saved} />
    </Section>
  );
}

function CustomSites({ form, deps, saved }: { form: SettingsForm; deps: OptionsDeps; saved: Settings }) {
  const [pattern, setPattern] = useState('');
  const [selector, setSelector] = useState('');
  const [reader, setReader] = useState<CustomSiteReader>('page');
  const [patternErrors, setPatternErrors] = useState<string[]>([]);
  const [selectorErrors, setSelectorErrors] = useState<string[]>([]);
  const [line, setLine] = useState<Line>(null);
  const [busy, setBusy] = useState(false);
  const sites = saved.sites.custom;

  function onSubmit(event: Event) {
    event.preventDefault();
    setLine(null);
    const validPattern = validateMatchPattern(pattern);
    const validSelector = validateSelector(selector);
    const patternProblems = validPattern.ok ? [] : [validPattern.error.message];
    if (validPattern.ok && sites.some((site) => site.pattern === validPattern.value)) {
      patternProblems.push('This site is already in the list.');
    }
    if (sites.length >= MAX_CUSTOM_SITES)
      patternProblems.push(`At most ${MAX_CUSTOM_SITES} sites; remove one first.`);
    setPatternErrors(patternProblems);
    setSelectorErrors(validSelector.ok ? [] : [validSelector.error.message]);
    if (patternProblems.length > 0 || !validPattern.ok || !validSelector.ok) {
      focusFirstInvalid(event.currentTarget as HTMLFormElement);
      return;
    }
    // Synchronously, within the submit's gesture: the browser shows its prompt now.
    const pending = requestSitePermission(validPattern.value, deps.permissions);
    setBusy(true);
    void pending
      .then(async (outcome) => {
        if (!outcome.ok) {
          setPatternErrors([outcome.error.message]);
          return;
        }
        const taken = new Set(sites.map((site) => site.id));
        const site = {
          id: siteIdFor(validPattern.value, taken),
          pattern: validPattern.value,
          selector: reader === 'page' ? validSelector.value : '',
          reader,
        };
        const result = await form.saveChange((d) => void d.sites.custom.push(site));
        if (!result) {
          setLine({ kind: 'error', text: form.status.value?.text ?? 'The site was not saved.' });
          return;
        }
        setPattern('');
        setSelector('');
        setReader('page');
        setLine({ kind: 'ok', text: `Added ${site.pattern}. Reload its tabs to see the sidebar there.` });
      })
      .finally(() => setBusy(false));
  }

  async function remove(id: string) {
    const site = sites.find((entry) => entry.id === id);
    if (!site) return;
    setBusy(true);
    try {
      const result = await form.saveChange(
        (d) => void (d.sites.custom = d.sites.custom.filter((entry) => entry.id !== id)),
      );
      setLine(
        result
          ? { kind: 'ok', text: `Removed ${site.pattern}; Loopline no longer runs there.` }
          : { kind: 'error', text: form.status.value?.text ?? 'The site was not removed.' },
      );
    } finally {
      setBusy(false);
    }
  }

  const patternErrorId = 'site-pattern-error';
  const selectorErrorId = 'site-selector-error';
  return (
    <div class="group">
      <h3>Your own sites</h3>
      {sites.length === 0 ? (
        <p class="note">No sites added.</p>
      ) : (
        <table class="table">
          <caption class="sr-only">Sites you added</caption>
          <thead>
            <tr>
              <th scope="col">Address pattern</th>
              <th scope="col">Read as</th>
              <th scope="col">
                <span class="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sites.map((site) => (
              <tr key={site.id}>
                <td>
                  <code>{site.pattern}</code>
                </td>
                <td>
                  {site.reader === 'outlook' ? (
                    READER_LABELS.outlook
                  ) : site.selector ? (
                    <code>{site.selector}</code>
                  ) : (
                    <span class="muted">main region</span>
                  )}
                </td>
                <td>
                  <button
                    type="button"
                    class="btn btn--small"
                    disabled={busy}
                    onClick={() => void remove(site.id)}
                  >
                    Remove<span class="sr-only"> {site.pattern}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form class="subform" onSubmit={onSubmit} noValidate aria-labelledby="add-site-title">
        <h4 id="add-site-title">Add a site</h4>
        <div class="field">
          <label for="site-pattern">Address pattern</label>
          <input
            id="site-pattern"
            type="text"
            value={pattern}
            placeholder="https://crm.example.com/*"
            spellcheck={false}
            autoComplete="off"
            aria-describedby={`site-pattern-hint${patternErrors.length ? ` ${patternErrorId}` : ''}`}
            aria-invalid={patternErrors.length ? 'true' : undefined}
            onInput={(event) => {
              setPattern(event.currentTarget.value);
              setPatternErrors([]);
            }}
          />
          <p class="hint" id="site-pattern-hint">
            https only; * stands for any text, as in https://*.example.com/crm/*.
          </p>
          <FieldErrors id={patternErrorId} messages={patternErrors} />
        </div>
        <fieldset class="field">
          <legend>Read it as</legend>
          {CUSTOM_SITE_READERS.map((choice) => (
            <label key={choice} class="field--check">
              <input
                type="radio"
                name="site-reader"
                value={choice}
                checked={reader === choice}
                onChange={() => setReader(choice)}
              />{' '}
              {READER_LABELS[choice]}
            </label>
          ))}
        </fieldset>
        <div class="field" hidden={reader !== 'page'}>
          <label for="site-selector">Selector of the lead’s address (optional)</label>
          <input
            id="site-selector"
            type="text"
            value={selector}
            placeholder='[data-field="email"]'
            spellcheck={false}
            autoComplete="off"
            aria-describedby={`site-selector-hint${selectorErrors.length ? ` ${selectorErrorId}` : ''}`}
            aria-invalid={selectorErrors.length ? 'true' : undefined}
            onInput={(event) => {
              setSelector(event.currentTarget.value);
              setSelectorErrors([]);
            }}
          />
          <p class="hint" id="site-selector-hint">
            A CSS selector of the element holding the address. Empty: Loopline reads the page’s main region.
          </p>
          <FieldErrors id={selectorErrorId} messages={selectorErrors} />
        </div>
        <div class="row">
          <button type="submit" class="btn btn--primary" disabled={busy}>
            Add site
          </button>
        </div>
      </form>
      <StatusLine status={line} />
    </div>
  );
}

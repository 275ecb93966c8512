/**
 * The options page: one settings draft shared by every section, saved whole from the save bar
 * (or at once for actions that must take effect at once: adding or removing a site). Deep links
 * by hash (#sources, #sites, #data…) focus the section's heading.
 */
import { useEffect, useMemo } from 'preact/hooks';
import { releaseUnneeded } from '../../lib/permissions';
import type { Settings } from '../../lib/settings/schema';
import { focusFirstInvalid } from './bind';
import { DataSection } from './DataSection';
import { LanguageSection } from './LanguageSection';
import { OutcomesSection } from './OutcomesSection';
import { PrivacySection } from './PrivacySection';
import { StatusLine } from './Section';
import { createSettingsForm, type SettingsForm } from './settings-form';
import { SitesSection } from './SitesSection';
import { SourcesSection } from './SourcesSection';
import { SlaSection, YouSection } from './TeamSections';
import type { OptionsDeps } from './types';

export const OPTIONS_SECTIONS = [
  { id: 'sources', label: 'Sources' },
  { id: 'sites', label: 'Sites' },
  { id: 'you', label: 'You and your team' },
  { id: 'sla', label: 'SLA' },
  { id: 'outcomes', label: 'Outcomes' },
  { id: 'language', label: 'Shared language' },
  { id: 'data', label: 'Data' },
  { id: 'privacy', label: 'Privacy' },
] as const;

/** Scroll to and focus the section a hash names; false when it names none. */
export function focusSection(hash: string, root: ParentNode = document): boolean {
  const id = hash.replace(/^#/, '');
  if (!OPTIONS_SECTIONS.some((section) => section.id === id)) return false;
  const heading = root.querySelector<HTMLElement>(`#${id}-title`);
  if (!heading) return false;
  heading.scrollIntoView?.({ block: 'start' });
  heading.focus();
  return true;
}

export function OptionsApp({ deps, form: given }: { deps: OptionsDeps; form?: SettingsForm }) {
  const form = useMemo(
    () =>
      given ??
      createSettingsForm(deps.client, {
        afterSave: async (before, after) =>
          (await releaseUnneeded(before, after, deps.permissions, deps.requiredHosts)).error,
      }),
    [],
  );
  const loaded = form.draft.value !== null;

  useEffect(() => {
    if (!given) void form.load();
  }, []);

  useEffect(() => {
    if (!loaded) return;
    const go = () => void focusSection(window.location.hash);
    go();
    window.addEventListener('hashchange', go);
    return () => window.removeEventListener('hashchange', go);
  }, [loaded]);

  useEffect(() => {
    // Leaving with unsaved edits asks first.
    const warn = (event: BeforeUnloadEvent) => {
      if (form.dirty.value) event.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, []);

  const replaced = async (before: Settings, after: Settings) => {
    await releaseUnneeded(before, after, deps.permissions, deps.requiredHosts);
  };

  return (
    <div class="page page--options">
      <a class="skip" href="#main">
        Skip to the settings
      </a>
      <header class="page-header">
        <p class="brand">Loopline</p>
        <h1>Settings</h1>
        <nav aria-label="Settings sections">
          <ul class="nav">
            {OPTIONS_SECTIONS.map((section) => (
              <li key={section.id}>
                <a href={`#${section.id}`}>{section.label}</a>
              </li>
            ))}
          </ul>
        </nav>
        <nav aria-label="Other Loopline pages">
          <ul class="nav nav--secondary">
            <li>
              <a href="/report.html">Closed-loop report</a>
            </li>
            <li>
              <a href="/welcome.html">Welcome page</a>
            </li>
          </ul>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        {form.loadError.value ? (
          <div class="alert" role="alert">
            <p>{form.loadError.value}</p>
            <button type="button" class="btn" onClick={() => void form.load()}>
              Try again
            </button>
          </div>
        ) : !loaded ? (
          <p role="status">Loading settings…</p>
        ) : (
          <>
            {form.problem.value ? (
              <div class="alert" role="alert">
                <p>{form.problem.value}</p>
              </div>
            ) : null}
            <SourcesSection form={form} deps={deps} />
            <SitesSection form={form} deps={deps} />
            <YouSection form={form} />
            <SlaSection
              form={form}
              timeZones={deps.timeZones ?? []}
              localTimeZone={deps.localTimeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone}
            />
            <OutcomesSection form={form} client={deps.client} />
            <LanguageSection form={form} />
            <DataSection form={form} deps={deps} onSettingsReplaced={replaced} />
            <PrivacySection />
          </>
        )}
      </main>
      {loaded ? <SaveBar form={form} deps={deps} /> : null}
    </div>
  );
}

function SaveBar({ form, deps }: { form: SettingsForm; deps: OptionsDeps }) {
  const dirty = form.dirty.value;
  const status = form.status.value;
  async function save() {
    const result = await form.save();
    if (!result) focusFirstInvalid(document, 'main ');
  }
  async function discard() {
    const draft = form.draft.value;
    const saved = form.saved.value;
    form.discard();
    // A source switched on (and granted) but never saved gives its host back.
    if (draft && saved) await releaseUnneeded(draft, saved, deps.permissions, deps.requiredHosts);
  }
  return (
    <aside class="savebar" aria-label="Save changes">
      <StatusLine status={status ?? (dirty ? { kind: 'info', text: 'You have unsaved changes.' } : null)} />
      <div class="row">
        <button
          type="button"
          class="btn btn--primary"
          disabled={!dirty || form.saving.value}
          onClick={() => void save()}
        >
          Save changes
        </button>
        <button
          type="button"
          class="btn"
          disabled={!dirty || form.saving.value}
          onClick={() => void discard()}
        >
          Discard changes
        </button>
      </div>
    </aside>
  );
}

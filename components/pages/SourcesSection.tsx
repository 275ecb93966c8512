/**
 * Sources: which marketing platforms Loopline reads and writes back to. Switching a platform on
 * asks for its API host there and then (the click is the user gesture the prompt needs); a
 * refusal leaves it off with a message. Hosts are given back after a save switches it off. One
 * card per registered platform (lib/connectors/registry.ts), with the fields its definition lists.
 */
import { useEffect, useState } from 'preact/hooks';
import { platform } from '../../lib/connectors/registry';
import { SOURCE_IDS, type SourceId } from '../../lib/model';
import {
  hasSourcePermission,
  hostLabel,
  hostPatternsFor,
  requestSourcePermission,
  SOURCE_NAMES,
} from '../../lib/permissions';
import type { Settings } from '../../lib/settings/schema';
import { bind } from './bind';
import { CheckboxField, NumberField } from './fields';
import { Section, StatusLine } from './Section';
import { SourceFields } from './SourceFields';
import type { SettingsForm } from './settings-form';
import type { OptionsDeps } from './types';

type Line = { kind: 'ok' | 'error' | 'info'; text: string } | null;
type Access =
  | { state: 'unknown' }
  | { state: 'granted' | 'missing'; hosts: string }
  | { state: 'blocked'; message: string };

export function SourcesSection({ form, deps }: { form: SettingsForm; deps: OptionsDeps }) {
  const draft = form.draft.value;
  if (!draft) return null;
  const history = bind(form, 'historyDays', draft.historyDays, (d, v) => void (d.historyDays = v));
  return (
    <Section
      id="sources"
      title="Sources"
      intro="Where Loopline finds what marketing knows about a lead, and where it sends outcomes. Each platform asks for access to its own API host only when you switch it on."
    >
      <NumberField
        label="History window"
        unit="days"
        min={7}
        max={730}
        step={1}
        hint="How far back activity is fetched and shown (7–730 days)."
        {...history}
      />
      {SOURCE_IDS.map((source) => (
        <SourceCard key={source} source={source} form={form} deps={deps} draft={draft} />
      ))}
    </Section>
  );
}

function SourceCard({
  source,
  form,
  deps,
  draft,
}: {
  source: SourceId;
  form: SettingsForm;
  deps: OptionsDeps;
  draft: Settings;
}) {
  const name = SOURCE_NAMES[source];
  const enabled = draft.sources[source].enabled;
  const [toggleLine, setToggleLine] = useState<Line>(null);
  const [testLine, setTestLine] = useState<Line>(null);
  /** Connected, but outcomes cannot be written back: the section where that is set up. */
  const [writeBackFix, setWriteBackFix] = useState<string | null>(null);
  const [testing, setTesting] = useState(false);
  const [access, setAccess] = useState<Access>({ state: 'unknown' });
  const headingId = `source-${source}-title`;

  // What the access line says follows the draft: a changed host needs its own permission.
  const scopeKey = JSON.stringify(hostPatternsFor(source, draft));
  useEffect(() => {
    if (!enabled || source === 'local') {
      setAccess({ state: 'unknown' });
      return;
    }
    const patterns = hostPatternsFor(source, draft);
    if (!patterns.ok) {
      setAccess({ state: 'blocked', message: patterns.error.message });
      return;
    }
    let live = true;
    const hosts = patterns.value.map(hostLabel).join(', ');
    void hasSourcePermission(source, draft, deps.permissions).then((granted) => {
      if (live) setAccess({ state: granted ? 'granted' : 'missing', hosts });
    });
    return () => {
      live = false;
    };
  }, [enabled, scopeKey]);

  function ask(settings: Settings, after: () => void) {
    // Called synchronously from the click: the permission prompt needs the user's gesture.
    const pending = requestSourcePermission(source, settings, deps.permissions);
    setToggleLine(null);
    void pending.then((outcome) => {
      if (!outcome.ok) {
        setToggleLine({ kind: 'error', text: outcome.error.message });
        return;
      }
      after();
      const hosts = outcome.value.map(hostLabel).join(', ');
      if (hosts) setAccess({ state: 'granted', hosts });
      setToggleLine({
        kind: 'ok',
        text: hosts
          ? `Access to ${hosts} granted. Save to start using ${name}.`
          : `Save to start using ${name}.`,
      });
    });
  }

  function onToggle(on: boolean) {
    if (!on) {
      form.update((d) => void (d.sources[source].enabled = false));
      setToggleLine(
        form.saved.value?.sources[source].enabled
          ? { kind: 'info', text: `Save to switch ${name} off.` }
          : null,
      );
      return;
    }
    const next = structuredClone(draft);
    next.sources[source].enabled = true;
    ask(next, () => form.update((d) => void (d.sources[source].enabled = true)));
  }

  async function testConnection() {
    setTesting(true);
    setTestLine({ kind: 'info', text: `Testing ${name}…` });
    setWriteBackFix(null);
    try {
      if (form.dirty.value) {
        const saved = await form.save();
        if (!saved) {
          setTestLine({
            kind: 'error',
            text: 'Not tested: fix the fields marked on this page first, then test again.',
          });
          return;
        }
      }
      const reply = await deps.client.call('source.test', { source });
      if (!reply.ok) setTestLine({ kind: 'error', text: reply.error.message });
      else {
        setTestLine({ kind: reply.value.ok ? 'ok' : 'error', text: reply.value.detail });
        if (reply.value.writeBackFix === 'outcomes' || reply.value.writeBackFix === 'sources') {
          setWriteBackFix(reply.value.writeBackFix);
        }
      }
    } finally {
      setTesting(false);
    }
  }

  const ttl = bind(form, `sources.${source}.ttlMinutes`, draft.sources[source].ttlMinutes, (d, v) => {
    d.sources[source].ttlMinutes = v;
  });
  const toggleId = `source-${source}-toggle-status`;
  const testId = `source-${source}-test-status`;

  return (
    <section class="card" aria-labelledby={headingId}>
      <h3 id={headingId}>{name}</h3>
      <p class="intro">{platform(source).summary}</p>
      <CheckboxField asSwitch label={`Use ${name}`} checked={enabled} onValue={onToggle} />
      <StatusLine id={toggleId} status={toggleLine} />
      {source !== 'local' && enabled ? (
        <AccessLine access={access} name={name} onGrant={() => ask(draft, () => {})} />
      ) : null}
      <SourceFields source={source} form={form} draft={draft} />
      <NumberField
        label="Keep fetched data for"
        unit="minutes"
        min={1}
        max={10080}
        step={1}
        hint="Shown from the cache this long before it is fetched again (1 minute to 7 days)."
        {...ttl}
      />
      <div class="row">
        <button
          type="button"
          class="btn"
          onClick={() => void testConnection()}
          disabled={testing}
          aria-describedby={testId}
        >
          Test connection<span class="sr-only"> to {name}</span>
        </button>
      </div>
      <StatusLine id={testId} status={testLine} />
      {writeBackFix ? (
        <p class="note note--warn">
          <a href={`#${writeBackFix}`}>Set up writing outcomes back to {name}</a>
        </p>
      ) : null}
    </section>
  );
}

function AccessLine({ access, name, onGrant }: { access: Access; name: string; onGrant(): void }) {
  switch (access.state) {
    case 'unknown':
      return null;
    case 'blocked':
      return <p class="note note--warn">{access.message}</p>;
    case 'granted':
      return <p class="note">Loopline may call {access.hosts}.</p>;
    case 'missing':
      return (
        <p class="note note--warn">
          {name} is on, but Loopline has no access to {access.hosts} yet.{' '}
          <button type="button" class="btn btn--small" onClick={onGrant}>
            Grant access<span class="sr-only"> to {access.hosts}</span>
          </button>
        </p>
      );
  }
}

/**
 * The welcome page, opened on install and reachable from the options page: one screen to see
 * Loopline working (the sample workspace, one click) or connect a platform, then the three
 * things that matter on day one: who you are (never looked up), your colleagues' domains, and
 * the SLA. Saving marks onboarding done.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Result } from '../../lib/messaging/result';
import { bind, focusFirstInvalid } from './bind';
import { ListField, NumberField, TextField } from './fields';
import { StatusLine } from './Section';
import { createSettingsForm, type SettingsForm } from './settings-form';
import type { PageClient, WelcomeDeps } from './types';
import { BUILTIN_SITES } from '../../lib/sites/registry';

/** The built-in CRMs and mailboxes by name, as the registry lists them. */
const CRM_NAMES = BUILTIN_SITES.filter((site) => site.kind === 'crm')
  .map((site) => site.label)
  .join(', ');
const MAIL_NAMES = BUILTIN_SITES.filter((site) => site.kind === 'mail')
  .map((site) => site.label)
  .join(' and ');

type Line = { kind: 'ok' | 'error' | 'info'; text: string } | null;

/**
 * Gmail and the built-in CRMs, where the browser leaves them to the user (Firefox: see
 * lib/permissions `missingSiteAccess`). `request` must be called straight from the click.
 */
export interface SiteAccess {
  missing(): Promise<string[]>;
  /** Resolves with the origins granted, or the refusal to show. */
  request(origins: string[]): Promise<Result<string[]>>;
}

export function WelcomeApp({
  deps,
  form: given,
  siteAccess,
}: {
  deps: WelcomeDeps;
  form?: SettingsForm;
  siteAccess?: SiteAccess;
}) {
  const form = useMemo(() => given ?? createSettingsForm(deps.client), []);
  useEffect(() => {
    if (!given) void form.load();
  }, []);

  return (
    <div class="page page--welcome">
      <header class="page-header">
        <p class="brand">Loopline</p>
        <h1>Welcome to Loopline</h1>
        <p class="intro">
          Marketing’s context where you sell, and your outcomes back to marketing: campaign touchpoints, the
          follow-up clock and one-click outcomes in Gmail, Outlook and your CRM.
        </p>
      </header>
      <main>
        {siteAccess ? <SiteAccessSection access={siteAccess} /> : null}
        <section aria-labelledby="start-title" class="section">
          <h2 id="start-title">1. See it with data</h2>
          <div class="choices">
            <SampleChoice deps={deps} />
            <section class="card" aria-labelledby="connect-title">
              <h3 id="connect-title">Connect a platform</h3>
              <p>
                HubSpot, Marketo, Mailchimp, your own endpoint, or a CSV export. Loopline asks for access to
                that platform only.
              </p>
              <p>
                <a class="btn" href="/options.html#sources">
                  Connect a platform
                </a>
              </p>
            </section>
          </div>
        </section>
        <AboutYou form={form} client={deps.client} />
      </main>
    </div>
  );
}

/** Shown while Loopline may not run on Gmail or a built-in CRM: one click asks for all of them. */
function SiteAccessSection({ access }: { access: SiteAccess }) {
  const [missing, setMissing] = useState<string[] | null>(null);
  const [line, setLine] = useState<Line>(null);
  useEffect(() => {
    void access.missing().then(setMissing, () => setMissing([]));
  }, []);
  if (!missing || (missing.length === 0 && !line)) return null;

  function allow(origins: string[]) {
    // The request starts in the click itself: the browser asks only within the user's gesture.
    const answer = access.request(origins);
    setLine({ kind: 'info', text: 'Waiting for your answer…' });
    void answer.then(async (outcome) => {
      setMissing(await access.missing().catch(() => origins));
      setLine(
        outcome.ok
          ? {
              kind: 'ok',
              text: 'Loopline can now work on your mail and your CRM. Reload tabs that were already open.',
            }
          : { kind: 'error', text: outcome.error.message },
      );
    });
  }

  return (
    <section aria-labelledby="access-title" class="section">
      <h2 id="access-title">Allow Loopline on your mail and your CRM</h2>
      {missing.length > 0 ? (
        <>
          <p>
            Your browser leaves it to you where Loopline may read the page. Loopline needs {MAIL_NAMES} and
            the CRM record pages ({CRM_NAMES}) to find the person you are looking at; it reads nothing else.
          </p>
          <p>
            <button
              type="button"
              class="btn btn--primary"
              onClick={() => allow(missing)}
              aria-describedby="access-status"
            >
              Allow on your mail and your CRM
            </button>
          </p>
        </>
      ) : null}
      <StatusLine id="access-status" status={line} />
    </section>
  );
}

function SampleChoice({ deps }: { deps: WelcomeDeps }) {
  const [line, setLine] = useState<Line>(null);
  const [loaded, setLoaded] = useState(false);
  const [busy, setBusy] = useState(false);

  async function useSample() {
    setBusy(true);
    setLine({ kind: 'info', text: 'Loading the sample workspace…' });
    try {
      const reply = await deps.client.call('workspace.useSample');
      if (!reply.ok) {
        setLine({ kind: 'error', text: reply.error.message });
        return;
      }
      setLoaded(true);
      setLine({
        kind: 'ok',
        text: `The sample workspace is loaded: ${reply.value.leads.toLocaleString()} made-up leads and ${reply.value.touchpoints.toLocaleString()} activities.`,
      });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="card" aria-labelledby="sample-title">
      <h3 id="sample-title">Try the sample workspace</h3>
      <p>
        A made-up company’s marketing data, clearly labelled as sample, removable any time under Settings →
        Data.
      </p>
      <p>
        <button
          type="button"
          class="btn btn--primary"
          disabled={busy}
          onClick={() => void useSample()}
          aria-describedby="sample-status"
        >
          Try the sample workspace
        </button>
      </p>
      <StatusLine id="sample-status" status={line} />
      {loaded ? (
        <div class="next-step">
          <p>
            Now open{' '}
            <a href="https://mail.google.com/" target="_blank" rel="noopener noreferrer">
              Gmail
            </a>{' '}
            or{' '}
            <a href="https://outlook.office.com/mail/" target="_blank" rel="noopener noreferrer">
              Outlook
            </a>{' '}
            and start an email to one of these sample leads; the Loopline sidebar shows what marketing knows
            about them:
          </p>
          <ul>
            {deps.sampleLeads.map((lead) => (
              <li key={lead.email}>
                <code>{lead.email}</code> — {lead.note}
              </li>
            ))}
          </ul>
          <p class="note">You can also look them up from the Loopline button in the toolbar.</p>
        </div>
      ) : null}
    </section>
  );
}

type SeenAccount = { email: string; domain: string | null; name?: string };

/**
 * The account Loopline saw signed in on the first mail page (Gmail, Outlook), asked for when the
 * page opens and whenever the user comes back to it (they may have just opened their mail).
 */
function useSeenAccount(client: PageClient): SeenAccount | null {
  const [seen, setSeen] = useState<SeenAccount | null>(null);
  useEffect(() => {
    let live = true;
    const ask = () =>
      void client.call('account.seen').then((result) => {
        if (live && result.ok && result.value) setSeen(result.value);
      });
    ask();
    const onVisible = () => {
      if (document.visibilityState === 'visible') ask();
    };
    document.addEventListener('visibilitychange', onVisible);
    window.addEventListener('focus', ask);
    return () => {
      live = false;
      document.removeEventListener('visibilitychange', onVisible);
      window.removeEventListener('focus', ask);
    };
  }, [client]);
  return seen;
}

/**
 * Offers the account seen on a mail page as the user's own address and company domain: filled in
 * only when the user says so, and saved only with the form.
 */
function AccountSuggestion({ form, seen }: { form: SettingsForm; seen: SeenAccount }) {
  const draft = form.draft.value;
  if (!draft) return null;
  const hasAddress = draft.you.ownAddresses.includes(seen.email);
  const hasDomain = !seen.domain || draft.you.internalDomains.includes(seen.domain);
  if (hasAddress && hasDomain) return null;
  return (
    <div class="card" role="region" aria-label="Suggested from your mail">
      <p>
        Your mail page shows you signed in as <strong>{seen.email}</strong>
        {seen.domain ? (
          <>
            ; colleagues at <strong>{seen.domain}</strong> would then never be offered as leads
          </>
        ) : null}
        .
      </p>
      <button
        type="button"
        class="btn"
        onClick={() =>
          form.update((d) => {
            if (!d.you.ownAddresses.includes(seen.email))
              d.you.ownAddresses = [...d.you.ownAddresses, seen.email];
            if (seen.domain && !d.you.internalDomains.includes(seen.domain))
              d.you.internalDomains = [...d.you.internalDomains, seen.domain];
            if (!d.you.name.trim() && seen.name) d.you.name = seen.name;
          })
        }
      >
        {seen.domain ? `Use ${seen.email} and ${seen.domain}` : `Use ${seen.email}`}
      </button>
    </div>
  );
}

function AboutYou({ form, client }: { form: SettingsForm; client: PageClient }) {
  const draft = form.draft.value;
  const [done, setDone] = useState(false);
  const seen = useSeenAccount(client);

  async function save(event: Event) {
    event.preventDefault();
    form.update((d) => void (d.onboarded = true));
    const result = await form.save();
    if (result) setDone(true);
    else focusFirstInvalid(document, 'main ');
  }

  return (
    <section aria-labelledby="you-title" class="section">
      <h2 id="you-title">2. Tell Loopline who you are</h2>
      {form.loadError.value ? (
        <p class="status status--error" role="alert">
          {form.loadError.value}
        </p>
      ) : !draft ? (
        <p role="status">Loading…</p>
      ) : (
        <form onSubmit={(event) => void save(event)} noValidate>
          {seen && <AccountSuggestion form={form} seen={seen} />}
          <TextField
            label="Your name"
            autoComplete="name"
            hint="Recorded with the outcomes you log."
            {...bind(form, 'you.name', draft.you.name, (d, v) => void (d.you.name = v))}
          />
          <ListField
            label="Your own email addresses"
            placeholder="you@yourcompany.com"
            hint="One per line. Loopline never looks these up."
            {...bind(
              form,
              'you.ownAddresses',
              draft.you.ownAddresses,
              (d, v) => void (d.you.ownAddresses = v),
            )}
          />
          <ListField
            label="Your company’s email domains"
            placeholder="yourcompany.com"
            hint="One per line. Colleagues at these domains are never looked up."
            {...bind(
              form,
              'you.internalDomains',
              draft.you.internalDomains,
              (d, v) => void (d.you.internalDomains = v),
            )}
          />
          <NumberField
            label="Follow up new MQLs within"
            unit="hours"
            min={0.5}
            max={720}
            step="any"
            hint="Your team’s service level agreement; the sidebar shows the clock."
            {...bind(form, 'sla.hours', draft.sla.hours, (d, v) => void (d.sla.hours = v))}
          />
          <div class="row">
            <button type="submit" class="btn btn--primary" disabled={form.saving.value}>
              Save and finish
            </button>
            <a href="/options.html">All settings</a>
          </div>
          <StatusLine
            status={
              done
                ? { kind: 'ok', text: 'Saved. You are set up; change any of this later in Settings.' }
                : form.status.value?.kind === 'error'
                  ? form.status.value
                  : null
            }
          />
        </form>
      )}
    </section>
  );
}

import { describe, expect, it } from 'vitest';
import { chooseLeads } from '../detect/choose';
import { loadFixture, parseHtml, summarize as summary } from './fixture-helper';
import { gmailAccountEmail, gmailAdapter, gmailRoute } from './gmail';

const GMAIL = 'https://mail.google.com/mail/u/0/';
const SETTINGS = {
  ownAddresses: ['sam@rivera.family'],
  internalDomains: ['northwind.io'],
  lookUpFreeMail: true,
};

function detectFixture(file: string, url: string) {
  const doc = loadFixture(`gmail/${file}`);
  const detection = gmailAdapter.detect(doc, new URL(url));
  const choice = chooseLeads(detection.candidates, {
    ...SETTINGS,
    accountEmail: gmailAccountEmail(doc.title),
  });
  return { doc, detection, choice };
}

describe('gmail adapter over fixtures', () => {
  const cases: {
    name: string;
    file: string;
    url: string;
    viewKey: string | null;
    candidates: string[];
    primary: string | null;
    people: string[];
  }[] = [
    {
      name: 'thread with collapsed and expanded messages, several external people',
      file: 'thread.html',
      url: `${GMAIL}#inbox/FMfcgzQZTMJxbwdvqhLmNrXcVvTwGdKq`,
      viewKey: 'gmail:thread:thread-f:1789000000000000101',
      candidates: [
        'ada.lovelace@acme-analytics.com sender 3',
        'ada.lovelace@acme-analytics.com to 2',
        'charlie.brown@gmail.com to 3',
        'grace.hopper@hopper-labs.io sender 2',
        'grace.hopper@hopper-labs.io to 3',
        'priya.shah@northwind.io to 3',
        'sam.rivera@northwind.io sender 1',
        'sam.rivera@northwind.io to 3',
      ],
      primary: 'ada.lovelace@acme-analytics.com',
      people: ['ada.lovelace@acme-analytics.com', 'grace.hopper@hopper-labs.io', 'charlie.brown@gmail.com'],
    },
    {
      name: 'thread in the German UI, opened from a label',
      file: 'thread-de.html',
      url: `${GMAIL}#label/Kunden/FMfcgzQZTMJxbwdvqhLmNrXcVvTwGdZz`,
      viewKey: 'gmail:thread:thread-f:1789000000000000201',
      candidates: [
        'jonas.weber@bergmann-logistik.de sender 2',
        'jonas.weber@bergmann-logistik.de to 1',
        'mia.schulz@bergmann-logistik.de to 2',
        'sam.rivera@northwind.io sender 1',
        'sam.rivera@northwind.io to 2',
      ],
      primary: 'jonas.weber@bergmann-logistik.de',
      people: ['jonas.weber@bergmann-logistik.de', 'mia.schulz@bergmann-logistik.de'],
    },
    {
      name: 'thread with an inline reply whose chips add a new person',
      file: 'inline-reply.html',
      url: `${GMAIL}#inbox/FMfcgzQZTMJxbwdvqhLmNrXcVvTwGdRr`,
      viewKey: 'gmail:thread:thread-f:1789000000000000301',
      candidates: [
        'ada.lovelace@acme-analytics.com compose 0',
        'ada.lovelace@acme-analytics.com sender 1',
        'marcus.lee@acme-analytics.com compose 0',
        'sam.rivera@northwind.io sender 0',
        'sam.rivera@northwind.io to 1',
      ],
      primary: 'ada.lovelace@acme-analytics.com',
      people: ['ada.lovelace@acme-analytics.com', 'marcus.lee@acme-analytics.com'],
    },
    {
      name: 'compose window docked over the inbox (hidden window and suggestions ignored)',
      file: 'compose.html',
      url: `${GMAIL}#inbox?compose=new`,
      viewKey: 'gmail:compose:new',
      candidates: ['lena.fischer@fjord-robotics.de compose 0', 'priya.shah@northwind.io compose 0'],
      primary: 'lena.fischer@fjord-robotics.de',
      people: ['lena.fischer@fjord-robotics.de'],
    },
    {
      name: 'inbox list is idle',
      file: 'inbox.html',
      url: `${GMAIL}#inbox`,
      viewKey: null,
      candidates: [],
      primary: null,
      people: [],
    },
    {
      name: 'real saved Gmail inbox (2014) is idle',
      file: 'real/gmail-2014-inbox.html',
      url: `${GMAIL}#inbox`,
      viewKey: null,
      candidates: [],
      primary: null,
      people: [],
    },
    {
      name: 'real saved Gmail inbox under a thread URL: the list rows are not a thread',
      file: 'real/gmail-2014-inbox.html',
      url: `${GMAIL}#inbox/14a5f1c6f7aeeebc`,
      viewKey: null,
      candidates: [],
      primary: null,
      people: [],
    },
  ];

  it.each(cases)('$name', ({ file, url, viewKey, candidates, primary, people }) => {
    const { detection, choice } = detectFixture(file, url);
    expect(detection.viewKey).toBe(viewKey);
    expect(summary(detection)).toEqual(candidates);
    expect(choice.primary?.email ?? null).toBe(primary);
    expect(choice.people.map((p) => p.email)).toEqual(people);
  });

  it.each(cases)('$name: the same with the scopes the watcher found', ({ file, url }) => {
    const doc = loadFixture(`gmail/${file}`);
    const at = new URL(url);
    const main = gmailAdapter.scope(doc, at);
    const scopes = main ? [main, ...(gmailAdapter.extraScopes?.(doc, at) ?? [])] : undefined;
    expect(gmailAdapter.detect(doc, at, scopes)).toEqual(gmailAdapter.detect(doc, at));
  });

  it('keeps display names from the page', () => {
    const { choice } = detectFixture('thread.html', `${GMAIL}#inbox/FMfcgzQZTMJxbwdvqhLmNrXcVvTwGdKq`);
    expect(choice.primary?.name).toBe('Ada Lovelace');
  });

  it('never reads addresses that only appear in bodies, quotes or the hidden list', () => {
    const { detection } = detectFixture('thread.html', `${GMAIL}#inbox/FMfcgzQZTMJxbwdvqhLmNrXcVvTwGdKq`);
    const emails = detection.candidates.map((c) => c.email);
    for (const bodyOnly of [
      'spoof@evil.example',
      'billing@acme-analytics.com',
      'legal@hopper-labs.io',
      'old.contact@acme-analytics.com',
      'newsletter@saas-weekly.com',
    ]) {
      expect(emails).not.toContain(bodyOnly);
    }
  });

  it('bounds a mailing-list thread with 300 recipients and still picks the latest external sender', () => {
    const { detection, choice } = detectFixture(
      'mailing-list.html',
      `${GMAIL}#search/offsite/FMfcgzQZTMJxbwdvqhLmNrXcVvTwGdMm`,
    );
    expect(detection.viewKey).toBe('gmail:thread:thread-f:1789000000000000401');
    // 300 recipients in the header; the newest 200 are read (the recipient budget), every sender is.
    const recipients = detection.candidates.filter((c) => c.role === 'to');
    expect(recipients).toHaveLength(200);
    expect(detection.candidates.filter((c) => c.role === 'sender').map((c) => c.email)).toEqual([
      'events@summit-co.com',
      'dana.kim@orbital-freight.com',
      'lin.wei@orbital-freight.com',
    ]);
    expect(choice.primary?.email).toBe('lin.wei@orbital-freight.com');
    expect(choice.people).toHaveLength(25);
    expect(choice.people.slice(0, 3).map((p) => p.email)).toEqual([
      'lin.wei@orbital-freight.com',
      'dana.kim@orbital-freight.com',
      'events@summit-co.com',
    ]);
    expect(choice.people.map((p) => p.email).some((email) => email?.endsWith('@northwind.io'))).toBe(false);
  });

  it('stays idle while a thread URL has no thread rendered yet', () => {
    const doc = parseHtml('<html><body><div role="main"><div class="nH">Loading…</div></div></body></html>');
    expect(gmailAdapter.detect(doc, new URL(`${GMAIL}#inbox/FMfcgzQZTMJxbwdvqhLmNrXcVvTwGdKq`))).toEqual({
      viewKey: null,
      candidates: [],
    });
  });

  it('falls back to the URL thread id when the heading carries none', () => {
    const doc = parseHtml(`<html><body><div role="main"><h2 class="hP">Subject</h2>
      <div data-message-id="#msg-f:1"><h3 class="iw"><span class="gD" email="ada@acme.com">Ada</span></h3></div></div></body></html>`);
    const detection = gmailAdapter.detect(doc, new URL(`${GMAIL}#inbox/FMfcgzQZTMJxbwdvqhLmNrXcVvTwGdKq`));
    expect(detection.viewKey).toBe('gmail:thread:FMfcgzQZTMJxbwdvqhLmNrXcVvTwGdKq');
    expect(summary(detection)).toEqual(['ada@acme.com sender 0']);
  });

  it('believes the rendered heading over the URL while Gmail is still switching threads', () => {
    const doc = loadFixture('gmail/thread.html');
    const detection = gmailAdapter.detect(doc, new URL(`${GMAIL}#inbox/FMfcgzQZTMJxbwdvqhLmNrXcVvTwGdZz`));
    expect(detection.viewKey).toBe('gmail:thread:thread-f:1789000000000000101');
  });

  it("names the open thread's view and the compose windows as where people can be, not the hidden list", () => {
    const roots = (doc: Document, url: string) => {
      const at = new URL(url);
      const main = gmailAdapter.scope(doc, at);
      const scopes = main ? [main, ...(gmailAdapter.extraScopes?.(doc, at, main) ?? [])] : [];
      return gmailAdapter.candidateRoots?.(doc, at, scopes) ?? scopes;
    };
    const thread = loadFixture('gmail/inline-reply.html');
    const [view, ...rest] = roots(thread, `${GMAIL}#inbox/FMfcgzQZTMJxbwdvqhLmNrXcVvTwGdRr`);
    expect(rest).toEqual([]);
    expect(view?.querySelector('h2.hP')).not.toBeNull();
    expect(view?.querySelector('div[name="cc"]')).not.toBeNull();
    expect(view?.parentElement?.getAttribute('role')).toBe('main');
    expect(thread.querySelector('[gh="tl"] [email]')).not.toBeNull();
    expect(view?.contains(thread.querySelector('[gh="tl"]'))).toBe(false);

    // A list view reads only its compose windows; a thread not rendered yet, the whole region.
    const compose = loadFixture('gmail/compose.html');
    expect(roots(compose, `${GMAIL}#inbox?compose=new`).map((root) => root.className)).toEqual(['dw']);
    const loading = parseHtml(
      '<html><body><div role="main"><div class="nH">Loading…</div></div></body></html>',
    );
    expect(roots(loading, `${GMAIL}#inbox/FMfcgzQZTMJxbwdvqhLmNrXcVvTwGdKq`)).toEqual([
      loading.querySelector('div[role="main"]'),
    ]);
    // Heading and messages in different children of the region: the region.
    const split = parseHtml(`<html><body><div role="main"><h2 class="hP">Subject</h2>
      <div><div data-message-id="#msg-f:1"></div></div></div></body></html>`);
    expect(roots(split, `${GMAIL}#inbox/FMfcgzQZTMJxbwdvqhLmNrXcVvTwGdKq`)).toEqual([
      split.querySelector('div[role="main"]'),
    ]);
  });

  it('scopes to the main region and finds the compose dock outside it', () => {
    const doc = loadFixture('gmail/compose.html');
    const url = new URL(`${GMAIL}#inbox?compose=new`);
    expect(gmailAdapter.scope(doc, url)?.getAttribute('role')).toBe('main');
    expect(gmailAdapter.extraScopes?.(doc, url).map((element) => element.className)).toEqual(['dw']);
  });

  it('ignores malformed, non-address and mixed-case attribute values safely', () => {
    const doc = parseHtml(`<html><body><div role="main">
      <h2 class="hP" data-thread-perm-id="thread-f:1"></h2>
      <div data-message-id="#msg-f:1"><h3 class="iw"><span class="gD" email="ADA.Lovelace@Acme-Analytics.COM" name="Ada">Ada</span></h3>
        <span class="hb"><span class="g2" email="not-an-address">x</span><span class="g2" email="ada@">y</span>
        <span class="g2" email="ada [at] acme.com">z</span><span class="g2" email="${'a'.repeat(5000)}@x.com">w</span>
        <span class="g2" email="bob@b.co">Bob</span></span></div>
      <div class="a3s"><h3 class="iw"><span class="gD" email="spoof@evil.example">forged header in a body</span></h3></div>
      <div name="to"><div role="option" data-hovercard-id="117755512345678901234">numeric profile id</div></div>
    </div></body></html>`);
    const detection = gmailAdapter.detect(doc, new URL(`${GMAIL}#inbox/FMfcgzQZTMJxbwdvqhLmNrXcVvTwGdKq`));
    expect(summary(detection)).toEqual(['ada.lovelace@acme-analytics.com sender 0', 'bob@b.co to 0']);
  });

  it('never takes a forged header from a body, even one quoting more people than it reads', () => {
    const quotedList = Array.from(
      { length: 1200 },
      (_, i) => `<span email="q${i}@list.example">q${i}</span>`,
    ).join('');
    const doc = parseHtml(`<html><body><div role="main">
      <h2 class="hP" data-thread-perm-id="thread-f:1"></h2>
      <div data-message-id="#msg-f:1"><h3 class="iw"><span class="gD" email="ada@acme.com" name="Ada">Ada</span></h3>
        <div class="a3s">${quotedList}<h3 class="iw"><span class="gD" email="spoof@evil.example">forged</span></h3></div>
      </div>
    </div></body></html>`);
    const detection = gmailAdapter.detect(doc, new URL(`${GMAIL}#inbox/FMfcgzQZTMJxbwdvqhLmNrXcVvTwGdKq`));
    expect(summary(detection)).toEqual(['ada@acme.com sender 0']);
  });
});

describe('gmail adapter, reading a thread message by message', () => {
  const THREAD_URL = new URL(`${GMAIL}#inbox/FMfcgzQZTMJxbwdvqhLmNrXcVvTwGdKq`);

  it('reads every sender of a thread rendered without message containers', () => {
    const doc = parseHtml(`<html><body><div role="main"><h2 class="hP" data-thread-perm-id="thread-f:9"></h2>
      <div class="kv"><span class="gD" email="ada@acme.com">Ada</span></div>
      <div class="kv"><span class="gD" email="bob@bobco.com">Bob</span></div>
      <h3 class="iw"><span class="gD" email="cy@cyco.com">Cy</span></h3><span class="hb"><span class="g2" email="dee@deeco.com">Dee</span></span>
    </div></body></html>`);
    expect(summary(gmailAdapter.detect(doc, THREAD_URL))).toEqual([
      'ada@acme.com sender 0',
      'bob@bobco.com sender 0',
      'cy@cyco.com sender 0',
      'dee@deeco.com to 0',
    ]);
  });

  it("takes a message's next sender-like element when the first is not an address", () => {
    const doc = parseHtml(`<html><body><div role="main"><h2 class="hP" data-thread-perm-id="thread-f:9"></h2>
      <div data-message-id="#msg-f:1"><div class="kQ"><span email="">?</span><span class="gD" email="ada@acme.com">Ada</span></div></div>
      <div data-message-id="#msg-f:2"><div class="kQ"><span class="gD" email="bob@bobco.com">Bob</span><span class="gD" email="not-read@x.com">Not read</span></div></div>
    </div></body></html>`);
    expect(summary(gmailAdapter.detect(doc, THREAD_URL))).toEqual([
      'ada@acme.com sender 0',
      'bob@bobco.com sender 1',
    ]);
  });

  it('skips hidden messages and recipients, and counts only real recipients against the budget', () => {
    const many = Array.from(
      { length: 250 },
      (_, i) => `<span class="g2" email="m${i}@list.example">m${i}</span>`,
    ).join('');
    const doc = parseHtml(`<html><body><div role="main"><h2 class="hP" data-thread-perm-id="thread-f:9"></h2>
      <div data-message-id="#msg-f:1"><h3 class="iw"><span class="gD" email="old@acme.com">Old</span></h3><span class="hb">${many}</span></div>
      <div data-message-id="#msg-f:2" style="display:none"><h3 class="iw"><span class="gD" email="hidden@acme.com">H</span></h3></div>
      <div data-message-id="#msg-f:3"><h3 class="iw"><span class="gD" email="new@acme.com">New</span></h3>
        <span class="hb"><span class="g2" email="a@list.example" hidden>a</span><span class="g2" email="b@list.example">b</span></span>
        <div class="kv">${'<span class="g2" email="x@not-a-recipient.example">x</span>'.repeat(100)}</div></div>
    </div></body></html>`);
    const detection = gmailAdapter.detect(doc, THREAD_URL);
    const emails = detection.candidates.map((c) => c.email);
    expect(emails).not.toContain('hidden@acme.com');
    expect(emails).not.toContain('a@list.example');
    expect(emails).not.toContain('x@not-a-recipient.example');
    // The newest message's two recipients (the hidden one read, not taken), then 198 of the
    // first message's 250 (its last ones): the budget counts what was read.
    const recipients = detection.candidates.filter((c) => c.role === 'to').map((c) => c.email);
    expect(recipients).toHaveLength(199);
    expect(recipients).toContain('b@list.example');
    expect(recipients).toContain('m249@list.example');
    expect(recipients).toContain('m52@list.example');
    expect(recipients).not.toContain('m51@list.example');
    expect(
      detection.candidates.filter((c) => c.role === 'sender').map((c) => `${c.email} ${c.order}`),
    ).toEqual(['old@acme.com 0', 'new@acme.com 2']);
  });

  it('reads a compose window that was hidden when the watcher found it, once it shows', () => {
    const doc = parseHtml(`<html><body><div role="main"></div>
      <div class="dw" style="display:none"><div name="to"><div role="option" data-hovercard-id="lena@fjord.example">Lena</div></div></div>
    </body></html>`);
    const url = new URL(`${GMAIL}#inbox?compose=new`);
    const scopes = [gmailAdapter.scope(doc, url)!, ...(gmailAdapter.extraScopes?.(doc, url) ?? [])];
    expect(scopes).toHaveLength(2);
    expect(gmailAdapter.detect(doc, url, scopes).viewKey).toBeNull();
    (scopes[1] as HTMLElement).removeAttribute('style');
    expect(summary(gmailAdapter.detect(doc, url, scopes))).toEqual(['lena@fjord.example compose 0']);
  });
});

describe('gmailRoute', () => {
  it.each([
    ['#inbox', 'other'],
    ['#inbox/FMfcgzQZTMJxbwdvqhLmNrXcVvTwGdKq', 'thread'],
    ['#inbox/p2', 'other'],
    ['#label/Clients%2FAcme', 'other'],
    ['#label/Clients%2FAcme/FMfcgzQZTMJxbwdvqhLmNrXcVvTwGdKq', 'thread'],
    ['#label/Newsletters2024Archive', 'other'],
    ['#search/pricing', 'other'],
    ['#search/pricing+seats/FMfcgzQZTMJxbwdvqhLmNrXcVvTwGdKq', 'thread'],
    ['#sent/18d4c1a2b3c4d5e6', 'thread'],
    ['#starred/FMfcgzQZTMJxbwdvqhLmNrXcVvTwGdKq', 'thread'],
    ['#category/promotions/FMfcgzQZTMJxbwdvqhLmNrXcVvTwGdKq', 'thread'],
    ['#category/promotions', 'other'],
    ['#settings/general', 'other'],
    ['#settings/filters/FMfcgzQZTMJxbwdvqhLmNrXcVvTwGdKq', 'other'],
    ['#inbox?compose=new', 'other'],
    ['#inbox/FMfcgzQZTMJxbwdvqhLmNrXcVvTwGdKq?compose=CllgCJZZ', 'thread'],
    ['', 'other'],
  ])('%s is %s', (hash, kind) => {
    expect(gmailRoute(new URL(`${GMAIL}${hash}`)).kind).toBe(kind);
  });

  it('reads the compose parameter', () => {
    expect(gmailRoute(new URL(`${GMAIL}#inbox?compose=CllgCJZZ`)).compose).toBe('CllgCJZZ');
  });
});

describe('gmailAccountEmail', () => {
  it.each([
    ['Inbox (3) - ada@acme.com - Gmail', 'ada@acme.com'],
    ['Posteingang - ada@acme.com - Gmail', 'ada@acme.com'],
    ['Boîte de réception (12) - Ada@Acme.com - Acme Mail', 'ada@acme.com'],
    ['受信トレイ (3) - ada@acme.com - Gmail', 'ada@acme.com'],
    // A subject with its own dashes and address comes before the account.
    ['Re: intro - bob@other.com - follow-up - ada@acme.com - Gmail', 'ada@acme.com'],
    ['Gmail', null],
    ['', null],
  ])('%s → %s', (title, expected) => {
    expect(gmailAccountEmail(title)).toBe(expected);
  });

  it('reads the title of every Gmail fixture', () => {
    expect(gmailAccountEmail(loadFixture('gmail/thread-de.html').title)).toBe('sam.rivera@northwind.io');
  });
});

import { describe, expect, it } from 'vitest';
import { chooseLeads } from '../detect/choose';
import { detectFixture, parseHtml, summarize } from './fixture-helper';
import { createGenericAdapter, visibleText } from './generic';

const SITE = 'https://crm.custom-example.test/*';
const CUSTOMER = 'https://crm.custom-example.test/customers/4711';

describe('generic adapter over fixtures', () => {
  it.each([
    {
      name: 'no selector: visible text of the main region, without hidden, quoted, obfuscated or asset names',
      file: 'customer.html',
      selector: '',
      candidates: ['finance@kelvin-tools.co.uk page 1', 'grace@kelvin-tools.co.uk page 2'],
    },
    {
      name: 'a selector naming the address element',
      file: 'customer.html',
      selector: '.customer-email',
      candidates: ['grace@kelvin-tools.co.uk record 1'],
    },
    {
      name: 'an invalid selector reads the main region instead of throwing',
      file: 'customer.html',
      selector: 'dd[[',
      candidates: ['finance@kelvin-tools.co.uk page 1', 'grace@kelvin-tools.co.uk page 2'],
    },
    {
      name: 'a selector that matches nothing yet',
      file: 'customer.html',
      selector: '#not-rendered-yet',
      candidates: [],
    },
    {
      name: 'form page: marked-up addresses before input values, text never needed',
      file: 'contact-form.html',
      selector: '',
      candidates: ['hiro.tanaka@sakura-works.jp page 1', 'sam.rivera@northwind.io page 2'],
    },
    {
      name: 'a selector naming the input',
      file: 'contact-form.html',
      selector: '#contact-form input[name=email]',
      candidates: ['hiro.tanaka@sakura-works.jp record 1'],
    },
  ])('$name', ({ file, selector, candidates }) => {
    const adapter = createGenericAdapter({ pattern: SITE, selector });
    const detection = detectFixture(adapter, `generic/${file}`, CUSTOMER);
    expect(summarize(detection)).toEqual(candidates);
    expect(detection.viewKey).toBe(
      candidates.length > 0 ? 'generic:crm.custom-example.test/customers/4711' : null,
    );
  });

  it('leaves the user out once settings name their address', () => {
    const adapter = createGenericAdapter({ pattern: SITE });
    const detection = detectFixture(adapter, 'generic/contact-form.html', CUSTOMER);
    const choice = chooseLeads(detection.candidates, {
      ownAddresses: ['sam.rivera@northwind.io'],
      internalDomains: [],
      lookUpFreeMail: true,
    });
    expect(choice.primary?.email).toBe('hiro.tanaka@sakura-works.jp');
  });

  it('reads mailto links without their parameters, and not inside quotes', () => {
    const adapter = createGenericAdapter({ pattern: SITE });
    const doc = parseHtml(`<html><body><main>
      <a href="MAILTO:Ada%40Acme.com?subject=Hi&cc=boss@acme.com">Write</a>
      <blockquote><a href="mailto:quoted@old.com">quoted</a></blockquote>
    </main></body></html>`);
    expect(summarize(adapter.detect(doc, new URL(CUSTOMER)))).toEqual(['ada@acme.com page 1']);
  });

  it('scans a 2 MB text node in bounded time without a false lead from the cut', () => {
    const adapter = createGenericAdapter({ pattern: SITE });
    const doc = parseHtml(
      '<html><body><main><p id="huge"></p><p>tail@after.example</p></main></body></html>',
    );
    // An address straddles the scan limit: reading half of it would invent `cut@exam`.
    const filler = 'lorem ipsum '.repeat(Math.ceil(100_000 / 12));
    const huge = `${filler.slice(0, 100_000 - 8)} cut@example.com ${'x'.repeat(2_000_000)}`;
    doc.getElementById('huge')?.append(doc.createTextNode(huge));
    const detection = adapter.detect(doc, new URL(CUSTOMER));
    expect(detection).toEqual({ viewKey: null, candidates: [] });
  });

  it('falls back to the body when the page has no main landmark', () => {
    const adapter = createGenericAdapter({ pattern: SITE });
    const doc = parseHtml('<html><body><div>Contact: lee@lee.example</div></body></html>');
    expect(summarize(adapter.detect(doc, new URL(CUSTOMER)))).toEqual(['lee@lee.example page 1']);
    expect(adapter.scope(doc, new URL(CUSTOMER))?.localName).toBe('body');
  });

  it('observes the whole body when the user picked an element outside the main region', () => {
    const doc = parseHtml(
      '<html><body><aside><b class="lead">a@b.co</b></aside><main>x</main></body></html>',
    );
    const url = new URL(CUSTOMER);
    expect(createGenericAdapter({ pattern: SITE, selector: '.lead' }).scope(doc, url)?.localName).toBe(
      'body',
    );
    expect(createGenericAdapter({ pattern: SITE, selector: 'main' }).scope(doc, url)?.localName).toBe('main');
    expect(createGenericAdapter({ pattern: SITE }).scope(doc, url)?.localName).toBe('main');
  });

  it('matches only its pattern', () => {
    const adapter = createGenericAdapter({ pattern: SITE });
    expect(adapter.matches(new URL(CUSTOMER))).toBe(true);
    expect(adapter.matches(new URL('https://other.example/customers/4711'))).toBe(false);
    expect(createGenericAdapter({ pattern: 'not a pattern' }).matches(new URL(CUSTOMER))).toBe(false);
  });
});

describe('visibleText', () => {
  it('skips scripts, templates, hidden and aria-hidden parts, and stops at the cap', () => {
    const doc = parseHtml(`<html><body><main>one<script>two</script><template>three</template>
      <div hidden>four</div><div style="display:none">five</div><span aria-hidden="true">six</span>seven</main></body></html>`);
    const main = doc.querySelector('main');
    expect(main).not.toBeNull();
    if (!main) return;
    expect(visibleText([main], 1000).replace(/\s+/g, ' ').trim()).toBe('one seven');
    expect(visibleText([main], 2).trim()).toBe('');
    expect(visibleText([main], 6).trim()).toBe('one');
  });

  it('visits a bounded number of nodes on a very wide page', () => {
    const doc = parseHtml('<html><body><main></main></body></html>');
    const main = doc.querySelector('main');
    if (!main) throw new Error('fixture');
    for (let i = 0; i < 500; i++) main.append(doc.createElement('span'));
    main.append(doc.createTextNode('late@example.com'));
    expect(visibleText([main], 1000, 400)).not.toContain('late@example.com');
    expect(visibleText([main], 1000, 600)).toContain('late@example.com');
  });
});

/**
 * Page object for the CRM record look-alikes (test/fixtures/sites/*, served at the CRMs' real URLs)
 * and for a user-added site: every selector the e2e suite uses on the CRM's side of the screen
 * lives here. These are the fixtures' structure, which mirrors what each adapter reads; the suite
 * uses them to check that a page has rendered the record (with the sample lead swapped in) before
 * asserting on the sidebar.
 */
import type { Locator, Page } from '@playwright/test';
import type { CrmPage } from '../../support/crm-pages';

export type CrmSite = CrmPage['site'];

/** Where each CRM shows the record's email address. */
export const RECORD_EMAIL: Record<CrmSite, string> = {
  /** The active page host's Email field (earlier pages stay in the DOM without `active`). */
  salesforce: 'div.oneContent.active [data-target-selection-name$=".Email"] a[href^="mailto:"]',
  /** The address under the contact's name in the highlight card. */
  hubspot: '[data-selenium-test="contact-highlight-details"] a[href^="mailto:"]',
  /** The person's email field, one link per address. */
  pipedrive: '[data-test="email-field"] a[href^="mailto:"]',
  /** The Email value (Zoho repeats the id in the header and in the field list). */
  zoho: '#detailView [id="subvalue_EMAIL"]',
  /** The Email field's input; its value is the address. */
  dynamics: 'input[data-id="emailaddress1.fieldControl-mail-text-input"]',
};

/** A Salesforce page host kept in the DOM from an earlier tab, not shown. */
const SALESFORCE_STALE_EMAIL =
  'div.oneContent:not(.active) [data-target-selection-name$=".Email"] a[href^="mailto:"]';

/** The generic customer page (test/fixtures/sites/generic/customer.html) served on a custom host. */
const CUSTOMER_EMAIL = 'main .customer-email';

export class CrmRecordPage {
  constructor(
    readonly page: Page,
    readonly site: CrmSite,
  ) {}

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.recordEmail.first().waitFor({ state: 'attached' });
  }

  get recordEmail(): Locator {
    return this.page.locator(RECORD_EMAIL[this.site]);
  }

  /** The address the record shows (an input's value on Dynamics, the text elsewhere). */
  async shownEmail(): Promise<string> {
    const first = this.recordEmail.first();
    return this.site === 'dynamics' ? first.inputValue() : ((await first.textContent()) ?? '').trim();
  }

  /** Salesforce only: the address of the earlier record tab Lightning keeps hidden in the DOM. */
  get staleRecordEmail(): Locator {
    return this.page.locator(SALESFORCE_STALE_EMAIL);
  }
}

export class CustomSitePage {
  constructor(readonly page: Page) {}

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.customerEmail.waitFor();
  }

  get customerEmail(): Locator {
    return this.page.locator(CUSTOMER_EMAIL);
  }
}

/** The options page's Sites section, where the user adds and removes their own CRM sites. */
export class SiteSettingsPage {
  constructor(readonly page: Page) {}

  get section(): Locator {
    return this.page.getByRole('region', { name: 'Sites', exact: true });
  }

  get patternInput(): Locator {
    return this.section.getByLabel('Address pattern', { exact: true });
  }

  get selectorInput(): Locator {
    return this.section.getByLabel(/^Selector of the lead/);
  }

  get status(): Locator {
    return this.section.getByRole('status');
  }

  /** The row of an added site in the "Sites you added" table. */
  siteRow(pattern: string): Locator {
    return this.section.getByRole('table').getByRole('row').filter({ hasText: pattern });
  }

  async addSite(pattern: string, selector = ''): Promise<void> {
    await this.patternInput.fill(pattern);
    await this.selectorInput.fill(selector);
    await this.section.getByRole('button', { name: 'Add site', exact: true }).click();
  }

  async removeSite(pattern: string): Promise<void> {
    await this.section.getByRole('button', { name: `Remove ${pattern}`, exact: true }).click();
  }
}

/** Page objects for the welcome page and the popup (opened as a tab at popup.html). */
import type { Locator, Page } from '@playwright/test';

export class WelcomePage {
  constructor(readonly page: Page) {}
  get trySample(): Locator {
    return this.page.getByRole('button', { name: 'Try the sample workspace' });
  }
  get sampleLeadList(): Locator {
    return this.page.locator('.next-step li code');
  }
}

export class PopupPage {
  constructor(readonly page: Page) {}
  get followUps(): Locator {
    return this.page.getByRole('region', { name: 'My follow-ups' });
  }
  followUp(name: string): Locator {
    return this.followUps.getByRole('listitem').filter({ hasText: name });
  }
  get outbox(): Locator {
    return this.page.getByRole('region', { name: 'Outcomes not yet delivered' });
  }
}

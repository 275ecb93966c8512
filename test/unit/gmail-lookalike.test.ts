/**
 * The Gmail look-alike the e2e suites serve: the mailbox goes into the page as written, hostile
 * text included, so that what a test puts in a thread is what the extension meets.
 */
import { describe, expect, it } from 'vitest';
import { demoMailbox } from '../support/demo-data';
import { gmailHtml } from '../support/sites';

describe('gmailHtml', () => {
  it('keeps replacement patterns and markup in the mailbox as written', () => {
    const mailbox = demoMailbox(new Date('2026-11-01T12:00:00Z'));
    const subject = "Price $& terms $' and $` </script><b>bold</b>";
    mailbox.threads[0]!.subject = subject;
    const html = gmailHtml(mailbox);
    expect(html).not.toContain('__DATA__');
    expect(html).not.toContain('</script><b>');
    expect(html).toContain(JSON.stringify(subject).replace(/</g, '\\u003c'));
  });
});

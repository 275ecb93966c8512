import { render } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { SafeLink } from './SafeLink';

describe('SafeLink', () => {
  it('renders an http(s) link that opens in a new tab without an opener', () => {
    const { getByRole } = render(<SafeLink href="https://app.hubspot.com/contacts/1">HubSpot</SafeLink>);
    const link = getByRole('link', { name: 'HubSpot' });
    expect(link.getAttribute('href')).toBe('https://app.hubspot.com/contacts/1');
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
  });

  it.each(['javascript:alert(1)', 'data:text/html,<b>x</b>', 'vbscript:x', '/relative', '', undefined, null])(
    'renders %j as plain text',
    (href) => {
      const { container, getByText } = render(<SafeLink href={href}>Record</SafeLink>);
      expect(container.querySelector('a')).toBeNull();
      expect(getByText('Record').tagName).toBe('SPAN');
    },
  );
});

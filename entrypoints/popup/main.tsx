import { render } from 'preact';
import { browser } from 'wxt/browser';
import { PopupApp } from '@/components/pages/PopupApp';
import '@/components/pages/pages.css';
import { createClient } from '@/lib/messaging/client';
import { PageToBackground } from '@/lib/messaging/protocol';

const root = document.getElementById('root');
if (root) {
  render(
    <PopupApp
      deps={{ client: createClient(PageToBackground, (message) => browser.runtime.sendMessage(message)) }}
    />,
    root,
  );
}

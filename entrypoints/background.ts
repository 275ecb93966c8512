import { defineBackground } from 'wxt/utils/define-background';
import { browser } from 'wxt/browser';
import { createBackgroundApp } from '@/lib/background/app';
import { runCommand } from '@/lib/background/commands';
import { OUTBOX_ALARM } from '@/lib/background/outcomes';

export default defineBackground(() => {
  const app = createBackgroundApp();

  browser.runtime.onMessage.addListener((message, sender) => app.router(message, sender));

  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === OUTBOX_ALARM) void app.outbox.outbox().then((outbox) => outbox.flush());
  });

  browser.commands.onCommand.addListener((command) => runCommand(command, browser.tabs));

  browser.runtime.onInstalled.addListener(({ reason }) => {
    if (reason === 'install') void browser.tabs.create({ url: browser.runtime.getURL('/welcome.html') });
  });

  // Whatever the worker was woken for, pick up outcomes a previous worker left undelivered.
  // Listening for the browser's start-up wakes a worker then, so alarms lost with a browser
  // restart are armed again from what is stored.
  browser.runtime.onStartup.addListener(() => {});
  void app.outbox.outbox().then((outbox) => outbox.flush());
});

import { Section } from './Section';

/** Plain words on what Loopline keeps, where, for how long, and what leaves the browser. */
export function PrivacySection() {
  return (
    <Section id="privacy" title="Privacy">
      <h3>What leaves your browser</h3>
      <p>
        Only the calls to the platforms you connected here: Loopline asks them about the address on your
        screen and sends them the outcomes you record. There is no Loopline server, no analytics and no
        tracking. Platforms you have not switched on are never contacted, and Loopline can only reach the
        hosts you granted.
      </p>
      <h3>What is kept, and where</h3>
      <ul>
        <li>
          <strong>Settings</strong>, including tokens and keys, in this browser’s extension storage. Tokens
          and keys are read only by Loopline’s background process: they are never shown again on these pages,
          never given to the websites you visit, and never included in a settings export.
        </li>
        <li>
          <strong>Lead data fetched from your platforms</strong>, in this browser’s extension database, as a
          cache. It is fetched again once older than the time you set per source, and goes when you clear the
          cache.
        </li>
        <li>
          <strong>Files you import and the sample workspace</strong>, in the same database, until you import
          again, remove the sample or delete everything.
        </li>
        <li>
          <strong>The outcome log</strong>: every outcome you record, with its delivery state, until you
          delete everything. Outcomes waiting to be delivered are kept there so none is lost.
        </li>
        <li>
          <strong>Leads you opened</strong> whose follow-up clock runs, for “My follow-ups”, until you delete
          everything.
        </li>
        <li>
          <strong>Names you matched</strong>: where Outlook showed only a person’s name and you confirmed who
          it is, that name and address (up to 2,000 pairs), until you say “Not them” or delete everything; and
          the account you were signed in to on the first mail page Loopline saw, to suggest it as yours.
        </li>
      </ul>
      <h3>What Loopline reads on pages</h3>
      <p>
        In Gmail, Outlook and the CRM sites you allow, Loopline reads the open thread, message or record to
        find the lead’s address (on Outlook, the people in the open message’s header, the addresses you type
        into a new message, and a contact card you open yourself). It does not read message bodies, and does
        not store or send the content of your emails.
      </p>
      <p>Delete everything under Data, or remove the extension, and all of it is gone from this browser.</p>
    </Section>
  );
}

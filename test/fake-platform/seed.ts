/**
 * The leads the fake platform starts with. Times are relative to the platform's clock so that
 * they always fall inside the connectors' history window. Every platform projects the same
 * lead into its own shapes (a HubSpot contact, a Marketo lead, a Mailchimp member, a REST lead).
 */
import type { FakeLead, FakeOwner } from './types';

export const OWNERS: FakeOwner[] = [
  { id: '61000001', firstName: 'Sam', lastName: 'Patel', email: 'sam.patel@loopline-demo.example' },
  { id: '61000002', firstName: 'Jo', lastName: 'Lindqvist', email: 'jo.lindqvist@loopline-demo.example' },
];

const webinar = { id: 'cmp-webinar-q1', name: 'Q1 Automation Webinar', channel: 'webinar' as const };
const nurture = { id: 'cmp-nurture-mfg', name: 'Manufacturing Nurture', channel: 'nurture' as const };
const newsletter = { id: 'cmp-newsletter-feb', name: 'February Newsletter', channel: 'email' as const };
const paid = { id: 'cmp-ppc-brand', name: 'Brand Search', channel: 'paid_search' as const };
const tradeShow = { id: 'cmp-expo-2026', name: 'Logistics Expo 2026', channel: 'event' as const };

export const SEED_EMAILS = {
  mql: 'ava.chen@northwind-robotics.example',
  lead: 'marcus.oyelaran@fabrikam.example',
  customer: 'lena.fischer@contoso-logistics.example',
} as const;

export function defaultLeads(): FakeLead[] {
  return [
    {
      email: SEED_EMAILS.mql,
      firstName: 'Ava',
      lastName: 'Chen',
      company: 'Northwind Robotics',
      title: 'VP Operations',
      lifecycleStage: 'marketingqualifiedlead',
      leadStatus: 'OPEN',
      score: 72,
      score30dAgo: 31,
      owner: OWNERS[0],
      mqlDaysAgo: 2,
      source: 'PAID_SEARCH',
      createdDaysAgo: 60,
      mailchimpTags: ['webinar-q1', 'manufacturing'],
      touches: [
        {
          kind: 'ad_click',
          daysAgo: 60,
          campaign: paid,
          title: 'Brand search ad',
          url: 'https://www.loopline-demo.example/?utm_source=google',
        },
        { kind: 'list_added', daysAgo: 45, campaign: nurture, title: 'Manufacturing Nurture' },
        { kind: 'email_sent', daysAgo: 20, campaign: newsletter, title: 'Robots that pay for themselves' },
        {
          kind: 'email_open',
          daysAgo: 20,
          campaign: newsletter,
          title: 'Robots that pay for themselves',
          machine: true,
        },
        { kind: 'email_open', daysAgo: 19, campaign: newsletter, title: 'Robots that pay for themselves' },
        { kind: 'webinar_registered', daysAgo: 12, campaign: webinar, title: 'Q1 Automation Webinar' },
        { kind: 'email_sent', daysAgo: 8, campaign: webinar, title: 'Your webinar starts tomorrow' },
        {
          kind: 'email_click',
          daysAgo: 8,
          campaign: webinar,
          title: 'Your webinar starts tomorrow',
          url: 'https://www.loopline-demo.example/webinar/q1',
        },
        { kind: 'webinar_attended', daysAgo: 7, campaign: webinar, title: 'Q1 Automation Webinar' },
        { kind: 'page_view', daysAgo: 3, title: 'Pricing', url: 'https://www.loopline-demo.example/pricing' },
        { kind: 'page_view', daysAgo: 2, title: 'Pricing', url: 'https://www.loopline-demo.example/pricing' },
        { kind: 'form_submit', daysAgo: 2, campaign: webinar, title: 'Demo request' },
      ],
    },
    {
      email: SEED_EMAILS.lead,
      firstName: 'Marcus',
      lastName: 'Oyelaran',
      company: 'Fabrikam',
      title: 'Plant Manager',
      lifecycleStage: 'lead',
      leadStatus: 'NEW',
      score: 35,
      score30dAgo: 35,
      owner: OWNERS[1],
      source: 'ORGANIC_SEARCH',
      createdDaysAgo: 30,
      touches: [
        { kind: 'form_submit', daysAgo: 30, campaign: nurture, title: 'Ebook: Lights-out manufacturing' },
        { kind: 'email_sent', daysAgo: 10, campaign: newsletter, title: 'Robots that pay for themselves' },
        {
          kind: 'email_click',
          daysAgo: 10,
          campaign: newsletter,
          title: 'Robots that pay for themselves',
          url: 'https://www.loopline-demo.example/blog/roi',
        },
        {
          kind: 'page_view',
          daysAgo: 10,
          title: 'ROI blog post',
          url: 'https://www.loopline-demo.example/blog/roi',
        },
      ],
    },
    {
      email: SEED_EMAILS.customer,
      firstName: 'Lena',
      lastName: 'Fischer',
      company: 'Contoso Logistics',
      title: 'Head of Procurement',
      lifecycleStage: 'customer',
      leadStatus: 'CONNECTED',
      score: 88,
      score30dAgo: 80,
      owner: OWNERS[0],
      mqlDaysAgo: 150,
      source: 'OFFLINE',
      createdDaysAgo: 200,
      touches: [
        {
          kind: 'event_attended',
          daysAgo: 150,
          campaign: tradeShow,
          title: 'Logistics Expo 2026 booth visit',
        },
        { kind: 'email_sent', daysAgo: 5, campaign: newsletter, title: 'Robots that pay for themselves' },
      ],
    },
  ];
}

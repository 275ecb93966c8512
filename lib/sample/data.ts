/**
 * The fictional world of the sample workspace: Tidemark (a made-up B2B software vendor, site on
 * the reserved `.example` TLD) markets to 40 made-up companies. Company domains follow the
 * `name-example.com` pattern so that no real company's domain ever appears in the data.
 */
import type { Campaign } from '../model';

export const SITE = 'https://www.tidemark.example';

export interface Company {
  name: string;
  domain: string;
  /** How many leads it tends to have (relative). */
  size: number;
}

export const COMPANIES: readonly Company[] = [
  { name: 'Northwind Traders', domain: 'northwind-example.com', size: 5 },
  { name: 'Bluefin Analytics', domain: 'bluefin-analytics-example.com', size: 3 },
  { name: 'Cobalt Ridge Software', domain: 'cobaltridge-example.com', size: 4 },
  { name: 'Harborview Health', domain: 'harborview-health-example.com', size: 5 },
  { name: 'Ironbark Manufacturing', domain: 'ironbark-example.com', size: 3 },
  { name: 'Juniper Lane Retail', domain: 'juniperlane-example.com', size: 2 },
  { name: 'Kestrel Aviation Services', domain: 'kestrel-aviation-example.com', size: 2 },
  { name: 'Lumen Grove Energy', domain: 'lumengrove-example.com', size: 3 },
  { name: 'Maple & Finch Insurance', domain: 'maplefinch-example.com', size: 4 },
  { name: 'Nimbus Freight', domain: 'nimbusfreight-example.com', size: 2 },
  { name: 'Oakhurst Financial', domain: 'oakhurst-example.com', size: 5 },
  { name: 'Pinecrest Biotech', domain: 'pinecrest-bio-example.com', size: 2 },
  { name: 'Quarry Hill Construction', domain: 'quarryhill-example.com', size: 1 },
  { name: 'Redwood Payments Lab', domain: 'redwoodpay-example.com', size: 4 },
  { name: 'Saltmarsh Foods', domain: 'saltmarsh-example.com', size: 2 },
  { name: 'Tidewater Media Group', domain: 'tidewater-media-example.com', size: 3 },
  { name: 'Umberline Labs', domain: 'umberline-example.com', size: 2 },
  { name: 'Vantage Crest Consulting', domain: 'vantagecrest-example.com', size: 3 },
  { name: 'Willowbrook Learning', domain: 'willowbrook-example.com', size: 2 },
  { name: 'Zephyr Cloud Systems', domain: 'zephyrcloud-example.com', size: 5 },
  { name: 'Alder Street Legal', domain: 'alderstreet-example.com', size: 1 },
  { name: 'Brightwater Hotels', domain: 'brightwater-example.com', size: 2 },
  { name: 'Cedar Fork Pharma', domain: 'cedarfork-example.com', size: 3 },
  { name: 'Driftwood Games', domain: 'driftwood-games-example.com', size: 2 },
  { name: 'Emberline Security', domain: 'emberline-example.com', size: 3 },
  { name: 'Foxglove Telecom', domain: 'foxglove-example.com', size: 4 },
  { name: 'Granite Peak Capital', domain: 'granitepeak-example.com', size: 2 },
  { name: 'Hollow Oak Furniture', domain: 'hollowoak-example.com', size: 1 },
  { name: 'Indigo Bay Travel', domain: 'indigobay-example.com', size: 2 },
  { name: 'Jasper Mills Textiles', domain: 'jaspermills-example.com', size: 1 },
  { name: 'Kingfisher Marine', domain: 'kingfisher-marine-example.com', size: 2 },
  { name: 'Larkspur Wellness', domain: 'larkspur-example.com', size: 2 },
  { name: 'Meadowlark Farms Co-op', domain: 'meadowlark-example.com', size: 1 },
  { name: 'Orchard Row Properties', domain: 'orchardrow-example.com', size: 2 },
  { name: 'Pebble Creek Water', domain: 'pebblecreek-example.com', size: 1 },
  { name: 'Quill & Ink Publishing', domain: 'quillink-example.com', size: 2 },
  { name: 'Riverbend Automotive', domain: 'riverbend-auto-example.com', size: 3 },
  { name: 'Silverline Logistics', domain: 'silverline-example.com', size: 4 },
  { name: 'Thistledown Apparel', domain: 'thistledown-example.com', size: 1 },
  { name: 'Upland Agritech', domain: 'upland-agritech-example.com', size: 2 },
];

export const FIRST_NAMES: readonly string[] = (
  'Ada Amir Ana Anders Aisha Ben Bianca Carlos Chen Chloe Daniel Dara Diego Elif Emma Farah ' +
  'Felix Fatima Gabriel Hana Hugo Inés Ivan Jana Javier Jin Julia Kai Kofi Lars Leila Lena ' +
  'Liam Lucía Maya Mateo Mei Mia Nadia Nikhil Noah Olga Omar Paula Pedro Rahul Rosa Sam Sara ' +
  'Sofia Tariq Thea Tomás Uma Victor Wen Yara Yusuf Zoe Zainab'
).split(' ');

export const LAST_NAMES: readonly string[] = (
  'Abbott Adeyemi Andersen Bauer Becker Brennan Castillo Chandra Costa Dalton Dubois Eriksen ' +
  'Fischer Flores García Greene Haddad Hartley Holm Ibrahim Ito Jansen Kapoor Keller Kim ' +
  'Kowalski Larsen Lindqvist López Mahmoud Marsh Meyer Moreau Murphy Nakamura Novak Núñez ' +
  "Okafor Olsen O'Neill Park Patel Petrov Quinn Rahman Reyes Rossi Santos Schmidt Shah Silva " +
  'Sørensen Tanaka Thompson Vargas Vogel Wagner Walsh Weber Yılmaz'
).split(' ');

/** Sales reps who own the leads. */
export const OWNERS = [
  'Priya Raman',
  'Marcus Bell',
  'Elena Petrova',
  'Tomás Ortega',
  'Grace Okafor',
  'Jonah Whitfield',
] as const;

export const TITLES: readonly (readonly [string, number])[] = [
  ['Chief Marketing Officer', 2],
  ['Chief Revenue Officer', 1],
  ['VP of Sales', 2],
  ['VP Marketing', 2],
  ['Head of Growth', 2],
  ['Director of Revenue Operations', 3],
  ['Director of Demand Generation', 3],
  ['Sales Director', 3],
  ['Marketing Director', 3],
  ['Director of Sales Operations', 2],
  ['Marketing Operations Manager', 5],
  ['Demand Generation Manager', 5],
  ['Sales Operations Manager', 4],
  ['CRM Manager', 3],
  ['Growth Marketing Manager', 4],
  ['Account Executive', 3],
  ['Sales Development Manager', 3],
  ['Marketing Specialist', 4],
  ['Marketing Operations Analyst', 4],
  ['Sales Development Representative', 4],
  ['Content Marketing Specialist', 3],
  ['Revenue Operations Analyst', 3],
  ['Email Marketing Specialist', 3],
  ['IT Manager', 2],
  ['Procurement Specialist', 1],
  ['Finance Manager', 1],
];

export const LEAD_SOURCES = [
  'Organic search',
  'Paid search',
  'Paid social',
  'Event',
  'Webinar',
  'Referral',
  'Direct traffic',
  'Content download',
] as const;

export interface Page {
  path: string;
  title: string;
}

const page = (path: string, title: string): Page => ({ path, title: `${title} | Tidemark` });

export const PAGES = {
  home: page('/', 'Closed-loop marketing and sales'),
  product: page('/product', 'Product overview'),
  sidebar: page('/product/sidebar', 'The sales sidebar'),
  reporting: page('/product/reporting', 'Closed-loop reporting'),
  integrations: page('/integrations', 'Integrations'),
  pricing: page('/pricing', 'Pricing'),
  enterprise: page('/pricing/enterprise', 'Enterprise plan'),
  compare: page('/pricing/compare', 'Compare plans'),
  demo: page('/demo', 'Book a demo'),
  customers: page('/customers', 'Customer stories'),
  story: page('/customers/harborview-health', 'How Harborview Health cut lead response time'),
  blogSla: page('/blog/what-is-a-marketing-sales-sla', 'What is a marketing–sales SLA?'),
  blogScoring: page('/blog/lead-scoring-that-sales-trusts', 'Lead scoring that sales trusts'),
  blogLoop: page('/blog/closed-loop-reporting-guide', 'A practical guide to closed-loop reporting'),
  benchmark: page('/resources/revops-benchmark-2026', 'The 2026 Revenue Operations Benchmark'),
  docsStart: page('/docs/getting-started', 'Docs: Getting started'),
  docsCrm: page('/docs/integrations/crm', 'Docs: Connect your CRM'),
  docsApi: page('/docs/api/authentication', 'Docs: API authentication'),
  releaseNotes: page('/docs/release-notes/4-2', 'Release notes 4.2'),
  security: page('/security', 'Security and compliance'),
  about: page('/about', 'About Tidemark'),
  careers: page('/careers', 'Careers'),
  webinarLoop: page('/webinars/closing-the-loop', 'Webinar: Closing the loop between marketing and sales'),
  webinarPipeline: page('/webinars/pipeline-analytics-live', 'Webinar: Pipeline analytics live'),
  lpReporting: page('/lp/closed-loop-reporting', 'Close the loop between marketing and sales'),
  lpSla: page('/lp/sla-calculator', 'Lead response SLA calculator'),
} as const;
export type PageId = keyof typeof PAGES;

/** Where a visitor in each frame of mind goes, by weight. */
export const BROWSING: Record<'browse' | 'evaluate' | 'customer', readonly (readonly [PageId, number])[]> = {
  browse: [
    ['home', 8],
    ['product', 5],
    ['sidebar', 3],
    ['reporting', 3],
    ['integrations', 3],
    ['customers', 2],
    ['story', 2],
    ['blogSla', 4],
    ['blogScoring', 4],
    ['blogLoop', 4],
    ['benchmark', 2],
    ['pricing', 2],
    ['about', 1],
    ['careers', 1],
    ['docsStart', 1],
  ],
  evaluate: [
    ['pricing', 9],
    ['enterprise', 4],
    ['compare', 4],
    ['demo', 3],
    ['product', 4],
    ['integrations', 4],
    ['security', 3],
    ['customers', 2],
    ['story', 2],
    ['reporting', 3],
    ['sidebar', 3],
    ['docsCrm', 2],
  ],
  customer: [
    ['docsStart', 5],
    ['docsCrm', 5],
    ['docsApi', 5],
    ['releaseNotes', 3],
    ['integrations', 2],
    ['home', 1],
    ['pricing', 1],
    ['blogLoop', 1],
  ],
};

export const pageUrl = (id: PageId, query = ''): string => `${SITE}${PAGES[id].path}${query}`;

const campaign = (id: string, name: string, channel: Campaign['channel']): Campaign => ({
  id,
  name,
  channel,
  source: 'local',
});

export const CAMPAIGNS = {
  newsletter: campaign('cmp-revenue-brief', 'Newsletter: The Revenue Brief', 'email'),
  nurture: campaign('cmp-onboarding-nurture', 'Nurture: New lead onboarding', 'nurture'),
  webinarLoop: campaign(
    'cmp-webinar-closing-loop',
    'Webinar: Closing the loop between marketing and sales',
    'webinar',
  ),
  webinarPipeline: campaign('cmp-webinar-pipeline-live', 'Webinar: Pipeline analytics live', 'webinar'),
  whitepaper: campaign('cmp-revops-benchmark', 'Whitepaper: 2026 Revenue Operations Benchmark', 'content'),
  paidSearch: campaign('cmp-search-closed-loop', 'Paid search: closed-loop reporting', 'paid_search'),
  paidSocial: campaign('cmp-social-sla-calculator', 'Paid social: SLA calculator', 'paid_social'),
  tradeShow: campaign('cmp-saas-growth-summit', 'Trade show: SaaS Growth Summit', 'event'),
  productUpdate: campaign('cmp-release-4-2', 'Product update: Release 4.2', 'product'),
} as const;
export type CampaignId = keyof typeof CAMPAIGNS;

export const NEWSLETTER_TOPICS = [
  'Why your MQLs go cold in 48 hours',
  'The SLA nobody reads',
  'Attribution without the arguments',
  'What sales wishes marketing knew',
  'Scoring leads on behaviour, not job titles',
  'Five dashboards your weekly meeting needs',
  'The real cost of a slow follow-up',
  'Closing the loop on lost deals',
  'When to stop nurturing',
  'Webinars that turn into pipeline',
  'Intent signals that matter',
  'Writing follow-ups that get replies',
  'How top teams run pipeline reviews',
] as const;

export const NURTURE_EMAILS = [
  'Welcome to Tidemark',
  'How teams close the loop in week one',
  'Your follow-up SLA, measured',
  'How Harborview Health cut lead response time',
  'Ready for a walkthrough?',
] as const;

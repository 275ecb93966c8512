/**
 * Who the sample's people are — names, companies, stages, personas, scores — from the seed
 * alone, so that the named demo leads stay the same whatever `now` is; and each one as a Lead.
 */
import type { Lead } from '../model';
import { COMPANIES, FIRST_NAMES, LAST_NAMES, LEAD_SOURCES, OWNERS, TITLES, type Company } from './data';
import { createRng, mixSeed, type Rng } from './prng';
import { HOUR, MINUTE } from './time';

const LEAD_COUNT = 300;

export type Persona = 'hot' | 'warm' | 'casual' | 'quiet' | 'reengaged' | 'customer';
export type Named = 'hot' | 'overdue' | 'quiet';
export type Stage =
  'subscriber' | 'lead' | 'marketingqualifiedlead' | 'salesqualifiedlead' | 'opportunity' | 'customer';

export interface Person {
  index: number;
  email: string;
  name: string;
  company: Company;
  title: string;
  owner?: string;
  persona: Persona;
  named?: Named;
  /** The company's mail gateway opens and clicks messages before the person sees them. */
  scanner: boolean;
  createdDaysAgo: number;
  subscribed: boolean;
  stage: Stage;
  status?: string;
  mqlHoursAgo?: number;
  score: number;
  score30dAgo: number;
  source: string;
}

const PERSONAS: readonly (readonly [Persona, number])[] = [
  ['hot', 8],
  ['warm', 25],
  ['casual', 33],
  ['quiet', 20],
  ['reengaged', 6],
  ['customer', 8],
];

export function createPeople(seed: number): Person[] {
  const rng = createRng(mixSeed(seed, 1));
  // Every company gets a few people; the rest go to the bigger ones.
  const counts = COMPANIES.map(() => 3);
  const sizes = COMPANIES.map((company, i) => [i, company.size] as const);
  for (let i = counts.reduce((a, b) => a + b, 0); i < LEAD_COUNT; i++) {
    const company = rng.weighted(sizes);
    counts[company] = (counts[company] ?? 0) + 1;
  }
  const bigEnough = COMPANIES.map((company, i) => [i, company.size >= 2 ? 1 : 0] as const);
  const scanners = new Set<number>();
  while (scanners.size < 2) scanners.add(rng.weighted(bigEnough));
  const patterns = COMPANIES.map(() =>
    rng.weighted<EmailPattern>([
      ['first.last', 6],
      ['flast', 3],
      ['first', 1],
      ['first_last', 1],
    ]),
  );

  const emails = new Set<string>();
  const persons: Person[] = [];
  COMPANIES.forEach((company, companyIndex) => {
    const owner = OWNERS[companyIndex % OWNERS.length];
    for (let k = 0; k < (counts[companyIndex] ?? 0); k++) {
      const first = rng.pick(FIRST_NAMES);
      const last = rng.pick(LAST_NAMES);
      const email = uniqueEmail(emails, first, last, patterns[companyIndex] ?? 'first.last', company.domain);
      const persona = rng.weighted(PERSONAS);
      persons.push({
        index: persons.length,
        email,
        name: `${first} ${last}`,
        company,
        title: rng.weighted(TITLES),
        owner: rng.chance(0.1) ? rng.pick(OWNERS) : owner,
        persona,
        scanner: scanners.has(companyIndex),
        createdDaysAgo: 0,
        subscribed: rng.chance(persona === 'customer' ? 0.7 : 0.88),
        stage: 'lead',
        score: 0,
        score30dAgo: 0,
        source: rng.pick(LEAD_SOURCES),
      });
    }
  });

  nameDemoLeads(persons);
  for (const person of persons) profile(person, createRng(mixSeed(seed, 2, person.index)));
  return persons;
}

function nameDemoLeads(persons: Person[]): void {
  const pick = (persona: Persona, named: Named) => {
    const person = persons.find((p) => p.persona === persona && !p.scanner && !p.named);
    if (person) person.named = named;
  };
  pick('hot', 'hot');
  pick('warm', 'overdue');
  pick('quiet', 'quiet');
}

/** Stage, MQL date, scores and age of the record, by persona. */
function profile(person: Person, rng: Rng): void {
  const { persona } = person;
  const created = {
    hot: [20, 400],
    warm: [10, 600],
    casual: [10, 700],
    quiet: [200, 700],
    reengaged: [150, 500],
    customer: [250, 700],
  } satisfies Record<Persona, [number, number]>;
  person.createdDaysAgo = rng.int(...created[persona]);

  const stageWeights: Record<Persona, readonly (readonly [Stage, number])[]> = {
    hot: [
      ['marketingqualifiedlead', 6],
      ['salesqualifiedlead', 3],
      ['opportunity', 1],
    ],
    warm: [
      ['lead', 6],
      ['marketingqualifiedlead', 3],
      ['salesqualifiedlead', 1],
    ],
    casual: [
      ['lead', 6],
      ['subscriber', 3],
      ['marketingqualifiedlead', 1],
    ],
    quiet: [
      ['subscriber', 7],
      ['lead', 3],
    ],
    reengaged: [
      ['lead', 5],
      ['marketingqualifiedlead', 3],
    ],
    customer: [['customer', 1]],
  };
  person.stage = rng.weighted(stageWeights[persona]);

  // Hours since the lead became an MQL: some clocks are running (under 24 h), many are overdue
  // (no outcomes ship with the sample), and later stages became MQLs long ago.
  switch (person.stage) {
    case 'marketingqualifiedlead':
      person.mqlHoursAgo =
        persona === 'reengaged'
          ? rng.between(2, 30)
          : persona === 'hot' && rng.chance(0.5)
            ? rng.between(1, 20)
            : persona === 'casual'
              ? rng.between(400, 3000)
              : rng.between(26, 700);
      break;
    case 'salesqualifiedlead':
    case 'opportunity':
      person.mqlHoursAgo = rng.between(200, 2500);
      break;
    case 'customer':
      person.mqlHoursAgo = rng.between(3000, 9000);
      break;
    default:
      break;
  }

  if (person.named === 'hot') {
    person.stage = 'marketingqualifiedlead';
    person.mqlHoursAgo = 5.5;
    person.createdDaysAgo = Math.max(person.createdDaysAgo, 60);
  } else if (person.named === 'overdue') {
    person.stage = 'marketingqualifiedlead';
    person.mqlHoursAgo = 7 * 24 + 3;
  } else if (person.named === 'quiet') {
    person.stage = 'subscriber';
    person.subscribed = true;
  }
  if (person.mqlHoursAgo !== undefined) {
    person.createdDaysAgo = Math.max(
      person.createdDaysAgo,
      Math.ceil(person.mqlHoursAgo / 24) + rng.int(1, 30),
    );
  }

  person.status = {
    subscriber: undefined,
    lead: rng.chance(0.7) ? 'New' : 'Open',
    marketingqualifiedlead: person.named === 'overdue' || rng.chance(0.7) ? 'New' : 'Attempted to contact',
    salesqualifiedlead: 'Connected',
    opportunity: 'Open deal',
    customer: 'Customer',
  }[person.stage];
  if (person.stage === 'subscriber' && rng.chance(0.3)) person.owner = undefined;

  const [low, high, change] = {
    hot: [85, 140, [30, 60]],
    warm: [45, 85, [-5, 15]],
    casual: [15, 45, [-5, 5]],
    quiet: [0, 12, [-5, 0]],
    reengaged: [30, 60, [20, 35]],
    customer: [40, 90, [-10, 10]],
  }[persona] as [number, number, [number, number]];
  person.score = rng.int(low, high);
  person.score30dAgo = Math.max(0, person.score - rng.int(...change));
}

type EmailPattern = 'first.last' | 'flast' | 'first' | 'first_last';

function uniqueEmail(
  taken: Set<string>,
  first: string,
  last: string,
  pattern: EmailPattern,
  domain: string,
): string {
  const f = slug(first);
  const l = slug(last);
  const local = {
    'first.last': `${f}.${l}`,
    flast: `${f.slice(0, 1)}${l}`,
    first: f,
    first_last: `${f}_${l}`,
  }[pattern];
  for (let n = 1; ; n++) {
    const email = `${n === 1 ? local : `${local}${n}`}@${domain}`;
    if (!taken.has(email)) {
      taken.add(email);
      return email;
    }
  }
}

/** ASCII for the local part of an address: "Sørensen" → "sorensen", "O'Neill" → "oneill". */
function slug(name: string): string {
  return name
    .replace(/ø/gi, 'o')
    .replace(/ı/g, 'i')
    .normalize('NFD')
    .replace(/[^a-zA-Z]/g, '')
    .toLowerCase();
}

export function leadOf(person: Person, now: number): Lead {
  const lead: Lead = {
    email: person.email,
    name: person.name,
    company: person.company.name,
    title: person.title,
    lifecycleStage: person.stage,
    score: person.score,
    score30dAgo: person.score30dAgo,
    source: person.source,
    refs: [{ source: 'local', id: `sample-lead-${person.index + 1}`, url: undefined }],
  };
  if (person.status) lead.leadStatus = person.status;
  if (person.owner) lead.owner = person.owner;
  if (person.mqlHoursAgo !== undefined) {
    // Whole minutes, so the clock reads cleanly in the demo.
    lead.mqlAt = new Date(Math.floor((now - person.mqlHoursAgo * HOUR) / MINUTE) * MINUTE).toISOString();
  }
  return lead;
}

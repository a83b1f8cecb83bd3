/*
 * Deterministic, realistic demo/benchmark data for the CRM sandbox.
 *
 * Every company gets a hidden "true health" h in 0..1 (h = 1 − 0.95·u^1.8, mean ≈ 0.66, u drawn stratified so
 * every seed gets the same spread) and every observable signal is drawn from it with noise, so a good health
 * model correlates with `dataset.truth` without reproducing it. The mapping itself lives in ./truth-model
 * (one function per signal, each documented with its values); calibrated so that Pulse's default model gives
 * ≈ 14 % At risk / 26 % Monitor / 60 % Healthy, r(truth, score) ≈ 0.89, High+Critical renewal risk ≈ 15 % and
 * Critical ≈ 3.5 % of companies with a renewal (docs/decisions/003-crm-sandbox.md). In short, as h falls:
 *  - Support: more tickets (≈ 10×), open HIGH/URGENT "escalations" 2–80 days old (≈ 2.5 at h = 0.1, none at 0.9),
 *    a rising volume (up to ~28 % of tickets in the last 30 days), time to close median 9 h → 165 h.
 *  - Engagement: last contact median 7 → 81 days (log-normal), contacts ≈ 6 → 1.
 *  - Sentiment: NPS ≈ N(4.2 + 6.8·h', 1.5) → portfolio NPS ≈ 30–40 (Retently/CustomerGauge B2B SaaS benchmarks);
 *    hs_response_group missing on ~12 % on purpose. CSAT 1–5 (stays fairly high: it rates tickets), CES 1–7.
 *  - Renewals (yearly, "Renewals" pipeline): lost and contracted renewals rise steeply, the open renewal is
 *    more often overdue (2 → 18 %) or stale in stage (12 → 61 %). With ARR larger for healthier accounts, gross
 *    revenue retention lands at 85–95 % (KeyBanc/Sapphire: GRR ≈ 90 %; Recurly/ChartMogul: 1–2 %/month logo churn).
 *  - Mixed accounts: 20 % of companies with h ≥ 0.5 have one weak facet (support trouble or a lost champion).
 *  - A churned customer's last escalations stay open; its contact dates stop at the churn.
 *  - Adoption (custom properties, ~60 % of companies): licence utilisation ≈ 25 + 75·h ± 10.
 *  - ARR log-normal (median ≈ 16 k USD, larger for healthier accounts); history: customers started up to
 *    ~2.5 years before `now` (0–2 closed renewals each), one open renewal per active customer, expansion/upsell
 *    deals in the sales pipeline, win-back attempts after churn.
 *  - ~1 % of each object type archived; the last two companies (when ≥ 20) have no data at all.
 * Totals are exact: companies × per-company rate (rounded), split over companies by largest remainder.
 */
import {
  CITIES,
  FIRST_NAMES,
  INDUSTRIES,
  JOB_TITLES,
  LAST_NAMES,
  NAME_KINDS,
  NAME_PREFIXES,
  NAME_ROOTS,
  NAME_SUFFIXES,
  TICKET_SUBJECTS,
  VERBATIMS,
} from './dataset-words';
import type {
  SandboxAssociation,
  SandboxDataset,
  SandboxObjectType,
  SandboxOwner,
  SandboxPipeline,
  SandboxPipelineStage,
  SandboxPropertyDefinition,
  SandboxRecord,
} from './sandbox-dataset';
import { isoDate } from './iso-date';
import { apportion, createSeededRandom, type SeededRandom } from './seeded-random';
import {
  CHURNED_SUPPORT_HEALTH,
  closeHoursMedian,
  CONTACT_DAYS_SIGMA,
  CONTACT_WEIGHT_SIGMA,
  contactDaysMedian,
  contactWeight,
  ESCALATION_URGENT_SHARE,
  escalationsMean,
  facetHealthOf,
  type FacetHealth,
  firstReplyHoursMedian,
  csatMean,
  maxContraction,
  MIXED_ACCOUNTS,
  npsMean,
  overdueRenewalChance,
  priorityWeights,
  recentSurgeShare,
  renewalOutcomeWeights,
  staleRenewalChance,
  ticketWeight,
} from './truth-model';

export type GenerateDatasetOptions = {
  seed: number;
  /** Epoch ms; all dates are relative to it. */
  now: number;
  companies: number;
  dealsPerCompany?: number;
  ticketsPerCompany?: number;
  contactsPerCompany?: number;
  responsesPerCompany?: number;
};

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const YEAR = 365 * DAY;

type Priority = 'LOW' | 'MEDIUM' | 'HIGH' | 'URGENT';

const iso = isoDate;
const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

export function demoDataset(now: number, seed = 20_260_401): SandboxDataset {
  return generateDataset({
    seed,
    now,
    companies: 250,
    dealsPerCompany: 3,
    ticketsPerCompany: 8,
    contactsPerCompany: 4,
    responsesPerCompany: 6,
  });
}

export function benchDataset(now: number, seed = 424_242): SandboxDataset {
  return generateDataset({
    seed,
    now,
    companies: 10_000,
    dealsPerCompany: 3,
    ticketsPerCompany: 10,
    contactsPerCompany: 2,
    responsesPerCompany: 1.5,
  });
}

function checkOptions(o: GenerateDatasetOptions): void {
  const problems: string[] = [];
  if (!Number.isInteger(o.seed)) problems.push(`seed must be an integer (got ${o.seed})`);
  if (!Number.isFinite(o.now) || o.now <= 0) problems.push(`now must be epoch milliseconds (got ${o.now})`);
  if (!Number.isInteger(o.companies) || o.companies < 0)
    problems.push(`companies must be a whole number ≥ 0 (got ${o.companies})`);
  for (const key of [
    'dealsPerCompany',
    'ticketsPerCompany',
    'contactsPerCompany',
    'responsesPerCompany',
  ] as const) {
    const v = o[key];
    if (v !== undefined && !(Number.isFinite(v) && v >= 0))
      problems.push(`${key} must be a number ≥ 0 (got ${v})`);
  }
  if (problems.length > 0) throw new Error(`generateDataset: ${problems.join('; ')}`);
}

export function generateDataset(options: GenerateDatasetOptions): SandboxDataset {
  checkOptions(options);
  const { seed, now, companies: companyCount } = options;
  const rng = createSeededRandom(seed);
  const at = (ms: number): number => Math.min(now, ms);

  const ids = makeIdGenerators(rng);
  const pipelines = buildPipelines(rng, now);
  const [salesPipeline, renewalPipeline] = pipelines.deals as [SandboxPipeline, SandboxPipeline];
  const supportPipeline = pipelines.tickets[0] as SandboxPipeline;
  const stage = (p: SandboxPipeline, label: string): string => {
    const found = p.stages.find((s) => s.label === label);
    if (!found) throw new Error(`no stage ${label}`);
    return found.id;
  };
  const openSalesStages = salesPipeline.stages
    .filter((s) => s.metadata.isClosed === 'false')
    .map((s) => s.id);
  const openRenewalStages = renewalPipeline.stages
    .filter((s) => s.metadata.isClosed === 'false')
    .map((s) => s.id);
  const openTicketStages = supportPipeline.stages
    .filter((s) => s.metadata.ticketState === 'OPEN')
    .map((s) => s.id);
  const salesWon = stage(salesPipeline, 'Closed won');
  const salesLost = stage(salesPipeline, 'Closed lost');
  const renewed = stage(renewalPipeline, 'Renewed');
  const churned = stage(renewalPipeline, 'Churned');
  const ticketClosed = stage(supportPipeline, 'Closed');

  const owners = buildOwners(rng, now, Math.max(2, Math.round(companyCount / 31)));
  const surveyIds = {
    NPS: String(rng.int(1000, 9999)),
    CSAT: String(rng.int(1000, 9999)),
    CES: String(rng.int(1000, 9999)),
  };

  const objects: Record<SandboxObjectType, SandboxRecord[]> = {
    companies: [],
    contacts: [],
    deals: [],
    tickets: [],
    feedback_submissions: [],
  };
  const associations: SandboxAssociation[] = [];
  const truth: Record<string, number> = {};
  const record = (
    type: SandboxObjectType,
    id: string,
    created: number,
    modified: number,
    properties: Record<string, string | null>,
  ): SandboxRecord => {
    const createdAt = iso(created);
    const updatedAt = iso(modified);
    const rec: SandboxRecord = {
      id,
      // The caller's object is fresh for every record, so it is completed in place (fewer allocations at 175k records).
      properties: Object.assign(properties, {
        createdate: createdAt,
        hs_lastmodifieddate: updatedAt,
        hs_object_id: id,
      }),
      createdAt,
      updatedAt,
      archived: false,
    };
    objects[type].push(rec);
    return rec;
  };
  const link = (
    fromType: SandboxObjectType,
    fromId: string,
    toType: SandboxObjectType,
    toId: string,
    primary: boolean,
  ) => associations.push({ fromType, fromId, toType, toId, primary });

  // --- companies: hidden health and commercial profile -------------------------------------------------
  type Profile = {
    id: string;
    name: string;
    domain: string;
    h: number;
    facets: FacetHealth;
    arr: number;
    ownerId: string | null;
    noData: boolean;
    start: number;
    churnedAt: number | null;
    created: number;
    record?: SandboxRecord;
  };
  const usedNames = new Set<string>();
  const profiles: Profile[] = [];
  // Stratified draws (one per 1/n slice of the unit interval, in shuffled order): every seed gets the same
  // spread of true health, so a portfolio's bands differ between seeds by signal noise, not by luck of the draw.
  const strata = shuffled(
    rng,
    Array.from({ length: companyCount }, (_, i) => i),
  );
  for (let i = 0; i < companyCount; i++) {
    const u = ((strata[i] ?? 0) + rng.next()) / companyCount;
    const h = clamp(1 - 0.95 * Math.pow(u, 1.8), 0.02, 0.99);
    const weakFacet =
      h >= MIXED_ACCOUNTS.fromHealth && rng.chance(MIXED_ACCOUNTS.share)
        ? rng.chance(MIXED_ACCOUNTS.supportShare)
          ? 'support'
          : 'engagement'
        : null;
    const prefix = rng.pick(NAME_PREFIXES);
    const root = rng.pick(NAME_ROOTS);
    const kind = rng.pick(NAME_KINDS);
    let base = `${prefix}${root} ${kind}`;
    for (let n = 2; usedNames.has(base); n++) base = `${prefix}${root} ${kind} ${n}`;
    usedNames.add(base);
    const slug = base.toLowerCase().replace(/[^a-z0-9]+/g, '');
    profiles.push({
      id: ids.companies(),
      name: base + rng.pick(NAME_SUFFIXES),
      domain: `${slug}.${rng.pick(['com', 'com', 'io', 'co', 'net'])}`,
      h,
      facets: facetHealthOf(h, weakFacet),
      arr: Math.round(clamp(rng.logNormal(14_000 * (0.35 + 1.15 * h), 0.7), 2_400, 600_000) / 100) * 100,
      ownerId: rng.chance(0.02) ? null : rng.pick(owners).id,
      noData: companyCount >= 20 && i >= companyCount - 2,
      start: 0,
      churnedAt: null,
      created: 0,
    });
  }

  const total = (rate: number | undefined, fallback: number) => Math.round(companyCount * (rate ?? fallback));
  const dealCounts = apportion(
    total(options.dealsPerCompany, 3),
    profiles.map((p) => (p.noData ? 0 : 0.6 + 0.8 * rng.next())),
  );
  const contactCounts = apportion(
    total(options.contactsPerCompany, 3),
    profiles.map((p) =>
      p.noData ? 0 : rng.logNormal(contactWeight(p.facets.engagement), CONTACT_WEIGHT_SIGMA),
    ),
  );

  // --- deals: the commercial story of each company ---------------------------------------------------------
  profiles.forEach((p, index) => {
    const k = dealCounts[index] ?? 0;
    const h = p.h;
    const dealOwner = p.ownerId;
    const deal = (props: {
      name: string;
      pipeline: string;
      stage: string;
      amount: number;
      close: number;
      type: string;
      won: boolean;
      lost: boolean;
      created: number;
      entered: number;
      modified: number;
      arr: number | null;
    }) => {
      const rec = record('deals', ids.deals(), props.created, props.modified, {
        dealname: props.name,
        pipeline: props.pipeline,
        dealstage: props.stage,
        amount: String(Math.round(props.amount)),
        closedate: iso(props.close),
        dealtype: props.type,
        hs_is_closed_won: String(props.won),
        hs_is_closed_lost: String(props.lost),
        hs_is_closed: String(props.won || props.lost),
        hs_arr: props.arr === null ? null : String(Math.round(props.arr)),
        hs_v2_date_entered_current_stage: iso(props.entered),
        hubspot_owner_id: dealOwner,
      });
      link('deals', rec.id, 'companies', p.id, true);
    };
    if (k === 0) {
      p.start = now - rng.between(60, 700) * DAY;
      return;
    }
    const hasOpenSlot = k >= 2;
    const pastRenewals = hasOpenSlot ? Math.min(rng.weighted([0, 1, 2], [0.35, 0.4, 0.25]), k - 2) : 0;
    const overdue = hasOpenSlot && rng.chance(overdueRenewalChance(h));
    const nextAnniversary = !hasOpenSlot
      ? now + rng.between(60, 340) * DAY
      : overdue
        ? now - rng.between(2, 45) * DAY
        : now + rng.between(pastRenewals === 2 ? 150 : 5, 355) * DAY;
    const start = nextAnniversary - (pastRenewals + 1) * YEAR;
    p.start = start;
    const expansions = k - 1 - pastRenewals - (hasOpenSlot ? 1 : 0);

    let currentArr = p.arr;
    const closedModified = (close: number) => at(close + rng.between(0, 3) * DAY);
    deal({
      name: `${p.name} - New Business`,
      pipeline: salesPipeline.id,
      stage: salesWon,
      amount: currentArr,
      close: start,
      type: 'newbusiness',
      won: true,
      lost: false,
      created: start - rng.between(20, 120) * DAY,
      entered: start,
      modified: closedModified(start),
      arr: currentArr,
    });

    type Event = { at: number; kind: 'renewal' | 'expansion' };
    const events: Event[] = [];
    for (let j = 1; j <= pastRenewals; j++) events.push({ at: start + j * YEAR, kind: 'renewal' });
    for (let e = 0; e < expansions; e++) {
      const from = start + 45 * DAY;
      const to = now - 5 * DAY;
      events.push({ at: from < to ? rng.between(from, to) : to, kind: 'expansion' });
    }
    events.sort((a, b) => a.at - b.at);

    let lastClose = start;
    const winBack = () => {
      const churnAt = p.churnedAt ?? now;
      const close = at(churnAt + rng.between(20, 200) * DAY);
      deal({
        name: `${p.name} - Win-back`,
        pipeline: salesPipeline.id,
        stage: salesLost,
        amount: p.arr * rng.between(0.5, 1),
        close,
        type: 'newbusiness',
        won: false,
        lost: true,
        created: Math.max(churnAt + DAY, close - 30 * DAY),
        entered: close,
        modified: closedModified(close),
        arr: null,
      });
    };
    for (const event of events) {
      if (p.churnedAt !== null) {
        winBack();
        continue;
      }
      if (event.kind === 'renewal') {
        const hr = clamp(h + 0.1 * rng.normal(), 0, 1);
        const outcome = rng.weighted(['lost', 'contraction', 'expansion', 'flat'], renewalOutcomeWeights(hr));
        const year = new Date(event.at).getUTCFullYear();
        const created = lastClose + DAY;
        if (outcome === 'lost') {
          deal({
            name: `${p.name} - Renewal ${year}`,
            pipeline: renewalPipeline.id,
            stage: churned,
            amount: currentArr,
            close: event.at,
            type: 'existingbusiness',
            won: false,
            lost: true,
            created,
            entered: event.at,
            modified: closedModified(event.at),
            arr: null,
          });
          p.churnedAt = event.at;
        } else {
          const factor =
            outcome === 'contraction'
              ? 1 - rng.between(0.03, maxContraction(hr))
              : outcome === 'expansion'
                ? rng.between(1.08, 1.4)
                : rng.between(1, 1.06);
          currentArr = Math.round((currentArr * factor) / 100) * 100;
          deal({
            name: `${p.name} - Renewal ${year}`,
            pipeline: renewalPipeline.id,
            stage: renewed,
            amount: currentArr,
            close: event.at,
            type: 'existingbusiness',
            won: true,
            lost: false,
            created,
            entered: event.at,
            modified: closedModified(event.at),
            arr: currentArr,
          });
        }
        lastClose = event.at;
      } else {
        const label = rng.chance(0.5) ? 'Expansion' : 'Upsell';
        const amount = Math.round((currentArr * rng.between(0.1, 0.4)) / 100) * 100;
        const name = `${p.name} - ${label} ${new Date(event.at).getUTCFullYear()}`;
        if (event.at > now - 60 * DAY && rng.chance(0.45)) {
          const created = event.at - rng.between(5, 40) * DAY;
          const entered = rng.between(created, now);
          deal({
            name,
            pipeline: salesPipeline.id,
            stage: rng.pick(openSalesStages),
            amount,
            close: now + rng.between(10, 90) * DAY,
            type: 'existingbusiness',
            won: false,
            lost: false,
            created,
            entered,
            modified: rng.between(entered, now),
            arr: amount,
          });
        } else {
          const won = rng.chance(0.2 + 0.7 * h);
          if (won) currentArr += amount;
          deal({
            name,
            pipeline: salesPipeline.id,
            stage: won ? salesWon : salesLost,
            amount,
            close: event.at,
            type: 'existingbusiness',
            won,
            lost: !won,
            created: event.at - rng.between(15, 60) * DAY,
            entered: event.at,
            modified: closedModified(event.at),
            arr: won ? amount : null,
          });
        }
      }
    }
    if (hasOpenSlot) {
      if (p.churnedAt !== null) {
        winBack();
      } else {
        const created = Math.min(lastClose + DAY, now - DAY);
        const stale = rng.chance(staleRenewalChance(h)) && created < now - 31 * DAY;
        const entered = stale
          ? Math.max(created, now - rng.between(31, 150) * DAY)
          : rng.between(Math.max(created, now - 29 * DAY), now - HOUR);
        deal({
          name: `${p.name} - Renewal ${new Date(nextAnniversary).getUTCFullYear()}`,
          pipeline: renewalPipeline.id,
          stage: rng.pick(openRenewalStages),
          amount: currentArr * rng.between(1, 1.05),
          close: nextAnniversary,
          type: 'existingbusiness',
          won: false,
          lost: false,
          created,
          entered,
          modified: rng.between(entered, now),
          arr: currentArr,
        });
      }
    }
  });

  // --- company records -------------------------------------------------------------------------------------
  for (const p of profiles) {
    const h = p.h;
    p.created = p.start - rng.between(30, 240) * DAY;
    const end = p.churnedAt ?? now;
    const lastContact =
      p.noData || rng.chance(0.06)
        ? null
        : at(end - rng.logNormal(contactDaysMedian(p.facets.engagement), CONTACT_DAYS_SIGMA) * DAY);
    const lastActivity =
      lastContact === null || rng.chance(0.1) ? null : lastContact - rng.between(0, 20) * DAY;
    const hasAdoption = !p.noData && rng.chance(0.6);
    const utilization = clamp(Math.round(25 + 75 * h + 10 * rng.normal() - (p.churnedAt ? 30 : 0)), 0, 100);
    const seats = Math.max(5, Math.round(p.arr / 600));
    const [city, country] = rng.pick(CITIES);
    truth[p.id] = Math.round(h * 1000) / 1000;
    p.record = record('companies', p.id, p.created, Math.max(p.created, now - rng.between(0, 45) * DAY), {
      name: p.name,
      domain: p.domain,
      hubspot_owner_id: p.ownerId,
      notes_last_contacted: lastContact === null ? null : iso(lastContact),
      hs_last_sales_activity_date: lastActivity === null ? null : iso(lastActivity),
      num_associated_contacts: '0',
      annualrevenue: String(Math.round((p.arr * rng.between(150, 1500)) / 1000) * 1000),
      numberofemployees: String(Math.max(10, Math.round(seats * rng.between(2, 12)))),
      industry: rng.pick(INDUSTRIES),
      city,
      country,
      lifecyclestage: 'customer',
      pulse_license_utilization: hasAdoption ? String(utilization) : null,
      pulse_active_users: hasAdoption ? String(Math.round((seats * utilization) / 100)) : null,
    });
  }

  // --- contacts ----------------------------------------------------------------------------------------------
  const contactsOf = new Map<string, string[]>(); // company id → contacts whose primary company it is
  const contactNumber = new Map<string, number>();
  profiles.forEach((p, index) => {
    const list: string[] = [];
    for (let c = 0; c < (contactCounts[index] ?? 0); c++) {
      const first = rng.pick(FIRST_NAMES);
      const last = rng.pick(LAST_NAMES);
      const created = rng.between(p.created, now - DAY);
      const rec = record('contacts', ids.contacts(), created, rng.between(created, now), {
        firstname: first,
        lastname: last,
        email: `${first}.${last}${c > 0 ? c : ''}@${p.domain}`.toLowerCase(),
        jobtitle: rng.pick(JOB_TITLES),
        associatedcompanyid: p.id,
        lifecyclestage: 'customer',
      });
      rec.properties.lastmodifieddate = rec.properties.hs_lastmodifieddate ?? null;
      link('contacts', rec.id, 'companies', p.id, true);
      list.push(rec.id);
    }
    contactsOf.set(p.id, list);
    contactNumber.set(p.id, list.length);
  });
  const active = profiles.filter((p) => !p.noData);
  if (active.length >= 2) {
    for (const contact of objects.contacts) {
      if (!rng.chance(0.03)) continue;
      const primary = contact.properties.associatedcompanyid;
      const other = rng.pick(active);
      if (other.id === primary) continue;
      link('contacts', contact.id, 'companies', other.id, false);
      contactNumber.set(other.id, (contactNumber.get(other.id) ?? 0) + 1);
    }
  }
  for (const p of profiles)
    if (p.record) p.record.properties.num_associated_contacts = String(contactNumber.get(p.id) ?? 0);

  // --- tickets -------------------------------------------------------------------------------------------------
  const ticketCounts = apportion(
    total(options.ticketsPerCompany, 6),
    profiles.map((p) =>
      p.noData ? 0 : (ticketWeight(p.facets.support) + 0.3 * rng.next()) * (p.churnedAt === null ? 1 : 0.6),
    ),
  );
  type TicketRef = { id: string; created: number };
  const ticketsOf = new Map<string, TicketRef[]>();
  profiles.forEach((p, index) => {
    const hs = p.facets.support;
    const from = Math.max(p.start, now - 2 * YEAR);
    const active = p.churnedAt === null;
    const to = Math.max(from + DAY, Math.min(p.churnedAt ?? now, now));
    const count = ticketCounts[index] ?? 0;
    // Escalations come first: HIGH/URGENT tickets still open, most of them past the 14-day aging line. A churned
    // customer's last escalations stay open (nobody closes the tickets of a customer who has left), as in real CRMs.
    const escalationHealth = active ? hs : Math.min(hs, CHURNED_SUPPORT_HEALTH);
    const escalations =
      to - from > 3 * DAY ? Math.min(count, Math.floor(escalationsMean(escalationHealth) + rng.next())) : 0;
    const surge = active ? recentSurgeShare(hs) : 0;
    const list: TicketRef[] = [];
    for (let t = 0; t < count; t++) {
      const escalation = t < escalations;
      const created = escalation
        ? Math.max(from, to - rng.between(2, 80) * DAY)
        : rng.chance(surge)
          ? Math.max(from, now - rng.between(0.1, 30) * DAY)
          : rng.between(from, to);
      const priority = escalation
        ? rng.chance(ESCALATION_URGENT_SHARE)
          ? 'URGENT'
          : 'HIGH'
        : rng.weighted<Priority>(['LOW', 'MEDIUM', 'HIGH', 'URGENT'], priorityWeights(hs));
      const speed = priority === 'URGENT' ? 0.5 : priority === 'HIGH' ? 0.8 : 1;
      const toClose = rng.logNormal(closeHoursMedian(hs) * HOUR, 1) * speed;
      const closedAt = created + toClose;
      const open = escalation || closedAt > now;
      const firstReply = rng.logNormal(firstReplyHoursMedian(hs) * HOUR, 0.8);
      const replied = created + firstReply <= now;
      const modified = open ? rng.between(created, now) : at(closedAt + rng.between(0, 2) * HOUR);
      const rec = record('tickets', ids.tickets(), created, modified, {
        subject: rng.pick(TICKET_SUBJECTS[priority]),
        hs_pipeline: supportPipeline.id,
        hs_pipeline_stage: open ? rng.pick(openTicketStages) : ticketClosed,
        hs_ticket_priority: priority,
        closed_date: open ? null : iso(closedAt),
        time_to_close: open ? null : String(Math.round(toClose)),
        time_to_first_agent_reply: replied ? String(Math.round(firstReply)) : null,
        hubspot_owner_id: null,
      });
      link('tickets', rec.id, 'companies', p.id, true);
      list.push({ id: rec.id, created });
    }
    ticketsOf.set(p.id, list);
  });

  // --- feedback submissions -------------------------------------------------------------------------------------
  const responseCounts = apportion(
    total(options.responsesPerCompany, 4),
    profiles.map((p) =>
      p.noData || ((contactsOf.get(p.id)?.length ?? 0) === 0 && (ticketsOf.get(p.id)?.length ?? 0) === 0)
        ? 0
        : 0.5 + rng.next(),
    ),
  );
  profiles.forEach((p, index) => {
    const contacts = contactsOf.get(p.id) ?? [];
    const tickets = ticketsOf.get(p.id) ?? [];
    const from = Math.max(p.start, now - 2 * YEAR);
    const to = Math.max(from + DAY, Math.min(p.churnedAt ?? now, now));
    for (let r = 0; r < (responseCounts[index] ?? 0); r++) {
      const type = rng.weighted(['NPS', 'CSAT', 'CES'] as const, [0.68, 0.25, 0.07]);
      let ticket: TicketRef | null = null;
      let contact: string | null = null;
      if (type !== 'NPS' && tickets.length > 0 && rng.chance(0.8)) {
        ticket = rng.pick(tickets);
        contact = contacts.length > 0 && rng.chance(0.6) ? rng.pick(contacts) : null;
      } else if (contacts.length > 0) {
        contact = rng.pick(contacts);
      } else {
        ticket = rng.pick(tickets);
      }
      const submitted = ticket
        ? at(ticket.created + rng.between(1, 72) * HOUR)
        : to - (to - from) * Math.pow(rng.next(), 1.25);
      const hr = clamp(p.h + 0.08 * rng.normal(), 0, 1);
      let value: number;
      let group: string | null = null;
      let mood: keyof typeof VERBATIMS;
      if (type === 'NPS') {
        value = Math.round(clamp(npsMean(hr) + 1.5 * rng.normal(), 0, 10));
        group = value >= 9 ? 'PROMOTER' : value >= 7 ? 'PASSIVE' : 'DETRACTOR';
        mood = value >= 9 ? 'promoter' : value >= 7 ? 'passive' : 'detractor';
        if (rng.chance(0.12)) group = null;
      } else if (type === 'CSAT') {
        value = Math.round(clamp(csatMean(hr) + 0.9 * rng.normal(), 1, 5));
        mood = value >= 4 ? 'positive' : value === 3 ? 'neutral' : 'negative';
      } else {
        value = Math.round(clamp(2 + 5 * hr + rng.normal(), 1, 7));
        mood = value >= 5 ? 'positive' : value === 4 ? 'neutral' : 'negative';
      }
      const rec = record('feedback_submissions', ids.feedback(), submitted, submitted, {
        hs_survey_type: type,
        hs_survey_name:
          type === 'NPS' ? 'Customer NPS' : type === 'CSAT' ? 'Support CSAT' : 'Customer Effort Score',
        hs_survey_id: surveyIds[type],
        hs_value: String(value),
        hs_response_group: group,
        hs_content: rng.chance(0.65) ? rng.pick(VERBATIMS[mood]) : null,
        hs_submission_timestamp: iso(submitted),
        hs_contact_id: contact,
        hs_ticket_id: ticket?.id ?? null,
      });
      if (contact) link('feedback_submissions', rec.id, 'contacts', contact, false);
      if (ticket) link('feedback_submissions', rec.id, 'tickets', ticket.id, false);
    }
  });

  // --- a few archived records of each type -----------------------------------------------------------------------
  const noDataIds = new Set(profiles.filter((p) => p.noData).map((p) => p.id));
  for (const type of Object.keys(objects) as SandboxObjectType[]) {
    for (const rec of objects[type]) {
      if (noDataIds.has(rec.id) || !rng.chance(0.01)) continue;
      const when = iso(rng.between(Date.parse(rec.updatedAt), now));
      rec.archived = true;
      rec.archivedAt = when;
      rec.updatedAt = when;
    }
  }

  return {
    seed,
    now,
    objects,
    associations,
    pipelines,
    owners,
    propertyGroups: [
      { name: 'companyinformation', label: 'Company information', displayOrder: -1, archived: false },
      { name: 'sales_properties', label: 'Sales properties', displayOrder: -1, archived: false },
      { name: 'product_usage', label: 'Product usage', displayOrder: 5, archived: false },
    ],
    companyProperties: companyPropertyDefinitions(now),
    truth,
  };
}

function shuffled<T>(rng: SeededRandom, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

function makeIdGenerators(rng: SeededRandom) {
  // HubSpot ids are large numeric strings that grow over time; gaps make them look less synthetic.
  const counter = (base: number) => {
    let current = base;
    return () => String((current += rng.int(1, 40)));
  };
  return {
    companies: counter(rng.int(5, 9) * 1_000_000_000 + rng.int(0, 99_999_999)),
    contacts: counter(rng.int(10, 19) * 1_000_000_000 + rng.int(0, 99_999_999)),
    deals: counter(rng.int(20, 29) * 1_000_000_000 + rng.int(0, 99_999_999)),
    tickets: counter(rng.int(30, 39) * 1_000_000_000 + rng.int(0, 99_999_999)),
    feedback: counter(rng.int(40, 49) * 1_000_000_000 + rng.int(0, 99_999_999)),
  };
}

function buildPipelines(rng: SeededRandom, now: number): SandboxDataset['pipelines'] {
  const used = new Set<string>();
  const newId = (): string => {
    let id = String(rng.int(10_000_000, 999_999_999));
    while (used.has(id)) id = String(rng.int(10_000_000, 999_999_999));
    used.add(id);
    return id;
  };
  const created = iso(now - 3 * YEAR);
  const stages = (list: Array<[string, Record<string, string>]>): SandboxPipelineStage[] =>
    list.map(([label, metadata], displayOrder) => ({
      id: newId(),
      label,
      displayOrder,
      metadata,
      createdAt: created,
      updatedAt: created,
      archived: false,
      writePermissions: 'CRM_PERMISSIONS_ENFORCEMENT',
    }));
  const dealStage = (probability: number, isClosed: boolean) => ({
    isClosed: String(isClosed),
    probability: probability.toFixed(1),
  });
  const pipeline = (label: string, displayOrder: number, list: SandboxPipelineStage[]): SandboxPipeline => ({
    id: newId(),
    label,
    displayOrder,
    createdAt: created,
    updatedAt: created,
    archived: false,
    stages: list,
  });
  return {
    deals: [
      pipeline(
        'Sales Pipeline',
        0,
        stages([
          ['Appointment scheduled', dealStage(0.2, false)],
          ['Qualified to buy', dealStage(0.4, false)],
          ['Presentation scheduled', dealStage(0.6, false)],
          ['Decision maker bought-in', dealStage(0.8, false)],
          ['Contract sent', dealStage(0.9, false)],
          ['Closed won', dealStage(1, true)],
          ['Closed lost', dealStage(0, true)],
        ]),
      ),
      pipeline(
        'Renewals',
        1,
        stages([
          ['Renewal upcoming', dealStage(0.5, false)],
          ['Renewal in negotiation', dealStage(0.7, false)],
          ['Renewal committed', dealStage(0.9, false)],
          ['Renewed', dealStage(1, true)],
          ['Churned', dealStage(0, true)],
        ]),
      ),
    ],
    tickets: [
      pipeline(
        'Support Pipeline',
        0,
        stages([
          ['New', { ticketState: 'OPEN', isClosed: 'false' }],
          ['Waiting on contact', { ticketState: 'OPEN', isClosed: 'false' }],
          ['Waiting on us', { ticketState: 'OPEN', isClosed: 'false' }],
          ['Closed', { ticketState: 'CLOSED', isClosed: 'true' }],
        ]),
      ),
    ],
  };
}

function buildOwners(rng: SeededRandom, now: number, count: number): SandboxOwner[] {
  const teamCount = Math.max(2, Math.ceil(count / 8));
  const teams = Array.from({ length: teamCount }, (_, i) => ({
    id: String(rng.int(1_000_000, 9_999_999) + i),
    name: i === 0 ? 'CS East' : i === 1 ? 'CS West' : `CS Pod ${i + 1}`,
  }));
  const created = iso(now - 3 * YEAR);
  const owners: SandboxOwner[] = [];
  let ownerId = rng.int(100_000_000, 900_000_000);
  let userId = rng.int(10_000_000, 90_000_000);
  for (let i = 0; i < count; i++) {
    const firstName = rng.pick(FIRST_NAMES);
    const lastName = rng.pick(LAST_NAMES);
    const home = teams[i % teamCount] as { id: string; name: string };
    const extra = rng.chance(0.15) ? teams[(i + 1) % teamCount] : undefined;
    ownerId += rng.int(1, 5000);
    userId += rng.int(1, 5000);
    owners.push({
      id: String(ownerId),
      email: `${firstName}.${lastName}${i}@pulse-demo.example`.toLowerCase(),
      type: 'PERSON',
      firstName,
      lastName,
      userId,
      userIdIncludingInactive: userId,
      createdAt: created,
      updatedAt: created,
      archived: false,
      teams: [
        { ...home, primary: true },
        ...(extra && extra.id !== home.id ? [{ ...extra, primary: false }] : []),
      ],
    });
  }
  return owners;
}

function companyPropertyDefinitions(now: number): SandboxPropertyDefinition[] {
  const created = iso(now - 3 * YEAR);
  const def = (
    name: string,
    label: string,
    type: string,
    fieldType: string,
    groupName: string,
    hubspotDefined: boolean,
    readOnlyValue = false,
  ): SandboxPropertyDefinition => ({
    name,
    label,
    type,
    fieldType,
    groupName,
    description: '',
    options: [],
    displayOrder: -1,
    calculated: readOnlyValue,
    externalOptions: false,
    hasUniqueValue: name === 'hs_object_id',
    hidden: false,
    hubspotDefined,
    formField: false,
    modificationMetadata: { archivable: !hubspotDefined, readOnlyDefinition: hubspotDefined, readOnlyValue },
    createdAt: created,
    updatedAt: created,
    archived: false,
  });
  return [
    def('name', 'Company name', 'string', 'text', 'companyinformation', true),
    def('domain', 'Company domain name', 'string', 'text', 'companyinformation', true),
    def('hubspot_owner_id', 'Company owner', 'enumeration', 'select', 'companyinformation', true),
    def('notes_last_contacted', 'Last contacted', 'datetime', 'date', 'sales_properties', true, true),
    def(
      'hs_last_sales_activity_date',
      'Last engagement date',
      'datetime',
      'date',
      'sales_properties',
      true,
      true,
    ),
    def(
      'num_associated_contacts',
      'Number of associated contacts',
      'number',
      'number',
      'companyinformation',
      true,
      true,
    ),
    def('annualrevenue', 'Annual revenue', 'number', 'number', 'companyinformation', true),
    def('numberofemployees', 'Number of employees', 'number', 'number', 'companyinformation', true),
    def('industry', 'Industry', 'enumeration', 'select', 'companyinformation', true),
    def('city', 'City', 'string', 'text', 'companyinformation', true),
    def('country', 'Country/Region', 'string', 'text', 'companyinformation', true),
    def('lifecyclestage', 'Lifecycle stage', 'enumeration', 'radio', 'companyinformation', true),
    def('createdate', 'Create date', 'datetime', 'date', 'companyinformation', true, true),
    def('hs_lastmodifieddate', 'Last modified date', 'datetime', 'date', 'companyinformation', true, true),
    def('hs_object_id', 'Record ID', 'number', 'number', 'companyinformation', true, true),
    def('pulse_license_utilization', 'Licence utilisation (%)', 'number', 'number', 'product_usage', false),
    def('pulse_active_users', 'Active users', 'number', 'number', 'product_usage', false),
  ];
}

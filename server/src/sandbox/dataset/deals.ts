// Deals: the commercial story of one company. A new-business deal when it became a customer, 0–2 yearly
// renewals since (lost or contracted more often as true health falls), expansion/upsell deals in between,
// one open renewal per active customer (more often overdue or stale in stage as health falls), and
// win-back attempts after a churn.
import { isoDate } from '../iso-date';
import { clamp, DAY, HOUR, YEAR, type CompanyProfile, type DatasetContext } from './context';
import {
  maxContraction,
  overdueRenewalChance,
  renewalOutcomeWeights,
  staleRenewalChance,
} from './truth-model';

const iso = isoDate;

type DealFields = {
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
};

/** The running state of one company's story while its events are written in date order. */
type Story = {
  ctx: DatasetContext;
  p: CompanyProfile;
  currentArr: number;
  lastClose: number;
};

function addDeal(story: Story, fields: DealFields): void {
  const { ctx, p } = story;
  if (fields.won) p.wonRevenue += Math.round(fields.amount);
  const rec = ctx.record('deals', ctx.ids.deals(), fields.created, fields.modified, {
    dealname: fields.name,
    pipeline: fields.pipeline,
    dealstage: fields.stage,
    amount: String(Math.round(fields.amount)),
    closedate: iso(fields.close),
    dealtype: fields.type,
    hs_is_closed_won: String(fields.won),
    hs_is_closed_lost: String(fields.lost),
    hs_is_closed: String(fields.won || fields.lost),
    hs_arr: fields.arr === null ? null : String(Math.round(fields.arr)),
    hs_v2_date_entered_current_stage: iso(fields.entered),
    hubspot_owner_id: p.ownerId,
  });
  ctx.link('deals', rec.id, 'companies', p.id, true);
}

/** A closed deal is last modified a few days after it closed (never after now). */
const closedModified = (ctx: DatasetContext, close: number): number =>
  ctx.at(close + ctx.rng.between(0, 3) * DAY);

/** Writes `k` deals for the company and sets when it became a customer (and when it churned, if it did). */
export function writeDeals(ctx: DatasetContext, p: CompanyProfile, k: number): void {
  const { rng, now } = ctx;
  if (k === 0) {
    p.start = now - rng.between(60, 700) * DAY;
    return;
  }
  const hasOpenSlot = k >= 2;
  const pastRenewals = hasOpenSlot ? Math.min(rng.weighted([0, 1, 2], [0.35, 0.4, 0.25]), k - 2) : 0;
  const overdue = hasOpenSlot && rng.chance(overdueRenewalChance(p.h));
  const nextAnniversary = !hasOpenSlot
    ? now + rng.between(60, 340) * DAY
    : overdue
      ? now - rng.between(2, 45) * DAY
      : now + rng.between(pastRenewals === 2 ? 150 : 5, 355) * DAY;
  const start = nextAnniversary - (pastRenewals + 1) * YEAR;
  p.start = start;
  const story: Story = { ctx, p, currentArr: p.arr, lastClose: start };
  addDeal(story, {
    name: `${p.name} - New Business`,
    pipeline: ctx.stages.sales.id,
    stage: ctx.stages.salesWon,
    amount: story.currentArr,
    close: start,
    type: 'newbusiness',
    won: true,
    lost: false,
    created: start - rng.between(20, 120) * DAY,
    entered: start,
    modified: closedModified(ctx, start),
    arr: story.currentArr,
  });
  const expansions = k - 1 - pastRenewals - (hasOpenSlot ? 1 : 0);
  for (const event of planEvents(ctx, start, pastRenewals, expansions)) {
    if (p.churnedAt !== null) winBack(story);
    else if (event.kind === 'renewal') closedRenewal(story, event.at);
    else expansion(story, event.at);
  }
  if (!hasOpenSlot) return;
  if (p.churnedAt !== null) winBack(story);
  else openRenewal(story, nextAnniversary);
}

type StoryEvent = { at: number; kind: 'renewal' | 'expansion' };

function planEvents(ctx: DatasetContext, start: number, renewals: number, expansions: number): StoryEvent[] {
  const events: StoryEvent[] = [];
  for (let j = 1; j <= renewals; j++) events.push({ at: start + j * YEAR, kind: 'renewal' });
  for (let e = 0; e < expansions; e++) {
    const from = start + 45 * DAY;
    const to = ctx.now - 5 * DAY;
    events.push({ at: from < to ? ctx.rng.between(from, to) : to, kind: 'expansion' });
  }
  return events.sort((a, b) => a.at - b.at);
}

/** A yearly renewal that closed: lost (the customer churns), contracted, expanded or flat. */
function closedRenewal(story: Story, at: number): void {
  const { ctx, p } = story;
  const { rng } = ctx;
  const hr = clamp(p.h + 0.1 * rng.normal(), 0, 1);
  const outcome = rng.weighted(['lost', 'contraction', 'expansion', 'flat'], renewalOutcomeWeights(hr));
  const name = `${p.name} - Renewal ${new Date(at).getUTCFullYear()}`;
  const created = story.lastClose + DAY;
  if (outcome === 'lost') {
    addDeal(story, {
      name,
      pipeline: ctx.stages.renewals.id,
      stage: ctx.stages.churned,
      amount: story.currentArr,
      close: at,
      type: 'existingbusiness',
      won: false,
      lost: true,
      created,
      entered: at,
      modified: closedModified(ctx, at),
      arr: null,
    });
    p.churnedAt = at;
  } else {
    const factor =
      outcome === 'contraction'
        ? 1 - rng.between(0.03, maxContraction(hr))
        : outcome === 'expansion'
          ? rng.between(1.08, 1.4)
          : rng.between(1, 1.06);
    story.currentArr = Math.round((story.currentArr * factor) / 100) * 100;
    addDeal(story, {
      name,
      pipeline: ctx.stages.renewals.id,
      stage: ctx.stages.renewed,
      amount: story.currentArr,
      close: at,
      type: 'existingbusiness',
      won: true,
      lost: false,
      created,
      entered: at,
      modified: closedModified(ctx, at),
      arr: story.currentArr,
    });
  }
  story.lastClose = at;
}

/** An expansion or upsell: still open when recent (45 % of the last 60 days' ones), else won or lost. */
function expansion(story: Story, at: number): void {
  const { ctx, p } = story;
  const { rng, now } = ctx;
  const label = rng.chance(0.5) ? 'Expansion' : 'Upsell';
  const amount = Math.round((story.currentArr * rng.between(0.1, 0.4)) / 100) * 100;
  const name = `${p.name} - ${label} ${new Date(at).getUTCFullYear()}`;
  if (at > now - 60 * DAY && rng.chance(0.45)) {
    const created = at - rng.between(5, 40) * DAY;
    const entered = rng.between(created, now);
    addDeal(story, {
      name,
      pipeline: ctx.stages.sales.id,
      stage: rng.pick(ctx.stages.openSales),
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
    return;
  }
  const won = rng.chance(0.2 + 0.7 * p.h);
  if (won) story.currentArr += amount;
  addDeal(story, {
    name,
    pipeline: ctx.stages.sales.id,
    stage: won ? ctx.stages.salesWon : ctx.stages.salesLost,
    amount,
    close: at,
    type: 'existingbusiness',
    won,
    lost: !won,
    created: at - rng.between(15, 60) * DAY,
    entered: at,
    modified: closedModified(ctx, at),
    arr: won ? amount : null,
  });
}

/** After a churn, sales tries to win the customer back, and loses. */
function winBack(story: Story): void {
  const { ctx, p } = story;
  const churnAt = p.churnedAt ?? ctx.now;
  const close = ctx.at(churnAt + ctx.rng.between(20, 200) * DAY);
  addDeal(story, {
    name: `${p.name} - Win-back`,
    pipeline: ctx.stages.sales.id,
    stage: ctx.stages.salesLost,
    amount: p.arr * ctx.rng.between(0.5, 1),
    close,
    type: 'newbusiness',
    won: false,
    lost: true,
    created: Math.max(churnAt + DAY, close - 30 * DAY),
    entered: close,
    modified: closedModified(ctx, close),
    arr: null,
  });
}

/** The active customer's next renewal, open; some sit in their stage for 31+ days. */
function openRenewal(story: Story, anniversary: number): void {
  const { ctx, p } = story;
  const { rng, now } = ctx;
  const created = Math.min(story.lastClose + DAY, now - DAY);
  const stale = rng.chance(staleRenewalChance(p.h)) && created < now - 31 * DAY;
  const entered = stale
    ? Math.max(created, now - rng.between(31, 150) * DAY)
    : rng.between(Math.max(created, now - 29 * DAY), now - HOUR);
  addDeal(story, {
    name: `${p.name} - Renewal ${new Date(anniversary).getUTCFullYear()}`,
    pipeline: ctx.stages.renewals.id,
    stage: rng.pick(ctx.stages.openRenewals),
    amount: story.currentArr * rng.between(1, 1.05),
    close: anniversary,
    type: 'existingbusiness',
    won: false,
    lost: false,
    created,
    entered,
    modified: rng.between(entered, now),
    arr: story.currentArr,
  });
}

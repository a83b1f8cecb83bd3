/**
 * A seeded book for the backtest benchmark: companies with 24+ months of annual renewals whose outcomes follow a
 * hidden health (support load, detractors, contact), plus tickets and survey responses over the period.
 */
import type { CompanyBundle, Deal, FeedbackSubmission, Ticket } from '@pulse/shared';
import { DAY, NOW, PIPELINES, buildCompany, buildDeal, buildResponse, buildTicket } from '../factories';

/** mulberry32: a tiny seeded PRNG so every run builds the same book. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const R = PIPELINES.renewals;
const S = PIPELINES.sales;
const SUP = PIPELINES.support;

function tickets(r: () => number, risk: number, since: number): Ticket[] {
  const n = Math.floor(r() * (4 + 16 * risk));
  return Array.from({ length: n }, () => {
    const createdAt = since + Math.floor(r() * (NOW - since));
    const closedAt = createdAt + Math.floor(r() * 20 * DAY);
    const open = closedAt > NOW;
    return buildTicket({
      createdAt,
      closedAt: open ? null : closedAt,
      stageId: open ? SUP.new : SUP.closed,
      priority: r() < 0.15 + 0.4 * risk ? 'HIGH' : 'MEDIUM',
      timeToFirstReplyMs: Math.floor(r() * 30 * 3_600_000),
    });
  });
}

function responses(r: () => number, risk: number, since: number): FeedbackSubmission[] {
  const n = Math.floor(r() * 8);
  return Array.from({ length: n }, () =>
    buildResponse({
      submittedAt: since + Math.floor(r() * (NOW - since)),
      value: Math.max(0, Math.min(10, Math.round(10 - 9 * risk + (r() - 0.5) * 6))),
    }),
  );
}

/** One company: first won deal 800–1100 days ago, then a renewal each year until one is lost. */
export function buildBacktestBundle(r: () => number, i: number): CompanyBundle {
  const risk = r();
  const start = NOW - (800 + Math.floor(r() * 300)) * DAY;
  const amount = 5_000 + Math.floor(r() * 50_000);
  const deals: Deal[] = [
    buildDeal({
      pipelineId: S.id,
      stageId: S.won,
      dealType: 'newbusiness',
      amount,
      createdAt: start - 60 * DAY,
      closeAt: start,
    }),
  ];
  for (let year = 1; ; year++) {
    const closeAt = start + year * 365 * DAY;
    const lost = r() < 0.05 + 0.5 * risk * risk;
    const open = closeAt > NOW;
    deals.push(
      buildDeal({
        stageId: open ? R.open : lost ? R.lost : R.won,
        amount: Math.round(amount * (lost ? 1 : 0.9 + r() * 0.3)),
        createdAt: closeAt - 120 * DAY,
        closeAt,
      }),
    );
    if (open || lost) break;
  }
  return {
    company: buildCompany({
      id: `c${i}`,
      lastContactedAt: NOW - Math.floor(r() * (20 + 150 * risk)) * DAY,
      associatedContacts: 1 + Math.floor(r() * 5),
    }),
    deals,
    tickets: tickets(r, risk, start),
    responses: responses(r, risk, start),
    contactCount: null,
  };
}

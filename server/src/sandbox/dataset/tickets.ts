// Tickets: more of them, more urgent, slower to close and rising in the last 30 days as support health falls.
// Escalations come first: HIGH/URGENT tickets still open, most of them past the 14-day aging line. A churned
// customer's last escalations stay open (nobody closes the tickets of a customer who has left), as in real CRMs.
import { isoDate } from '../iso-date';
import { DAY, HOUR, YEAR, type CompanyProfile, type DatasetContext } from './context';
import {
  CHURNED_SUPPORT_HEALTH,
  closeHoursMedian,
  ESCALATION_URGENT_SHARE,
  escalationsMean,
  firstReplyHoursMedian,
  priorityWeights,
  recentSurgeShare,
} from './truth-model';
import { TICKET_SUBJECTS } from './words';

type Priority = 'LOW' | 'MEDIUM' | 'HIGH' | 'URGENT';

/** What the survey section needs of a ticket. */
export type TicketRef = { id: string; created: number };

/** The window a company's activity falls in: its last two years as a customer, ending at churn or now. */
export function activityWindow(ctx: DatasetContext, p: CompanyProfile): { from: number; to: number } {
  const from = Math.max(p.start, ctx.now - 2 * YEAR);
  return { from, to: Math.max(from + DAY, Math.min(p.churnedAt ?? ctx.now, ctx.now)) };
}

export function writeTickets(ctx: DatasetContext, p: CompanyProfile, count: number): TicketRef[] {
  const { rng, now } = ctx;
  const hs = p.facets.support;
  const { from, to } = activityWindow(ctx, p);
  const active = p.churnedAt === null;
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
    list.push(writeTicket(ctx, p, { created, priority, escalation }));
  }
  return list;
}

function writeTicket(
  ctx: DatasetContext,
  p: CompanyProfile,
  t: { created: number; priority: Priority; escalation: boolean },
): TicketRef {
  const { rng, now } = ctx;
  const hs = p.facets.support;
  const speed = t.priority === 'URGENT' ? 0.5 : t.priority === 'HIGH' ? 0.8 : 1;
  const toClose = rng.logNormal(closeHoursMedian(hs) * HOUR, 1) * speed;
  const closedAt = t.created + toClose;
  const open = t.escalation || closedAt > now;
  const firstReply = rng.logNormal(firstReplyHoursMedian(hs) * HOUR, 0.8);
  const replied = t.created + firstReply <= now;
  const modified = open ? rng.between(t.created, now) : ctx.at(closedAt + rng.between(0, 2) * HOUR);
  const rec = ctx.record('tickets', ctx.ids.tickets(), t.created, modified, {
    subject: rng.pick(TICKET_SUBJECTS[t.priority]),
    hs_pipeline: ctx.stages.support.id,
    hs_pipeline_stage: open ? rng.pick(ctx.stages.openTickets) : ctx.stages.ticketClosed,
    hs_ticket_priority: t.priority,
    closed_date: open ? null : isoDate(closedAt),
    time_to_close: open ? null : String(Math.round(toClose)),
    time_to_first_agent_reply: replied ? String(Math.round(firstReply)) : null,
    hubspot_owner_id: null,
  });
  ctx.link('tickets', rec.id, 'companies', p.id, true);
  return { id: rec.id, created: t.created };
}

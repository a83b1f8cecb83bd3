// Survey responses (feedback submissions): NPS from the company's contacts, CSAT and CES mostly about its
// tickets, each score drawn around the company's true health; `hs_response_group` missing on ~12 % of NPS
// responses on purpose, a verbatim on ~65 %.
import { isoDate } from '../iso-date';
import { clamp, HOUR, type CompanyProfile, type DatasetContext } from './context';
import { activityWindow, type TicketRef } from './tickets';
import { csatMean, npsMean } from './truth-model';
import { VERBATIMS } from './words';

type SurveyType = 'NPS' | 'CSAT' | 'CES';
export type SurveyIds = Record<SurveyType, string>;

const SURVEY_NAMES: Record<SurveyType, string> = {
  NPS: 'Customer NPS',
  CSAT: 'Support CSAT',
  CES: 'Customer Effort Score',
};

export function writeResponses(
  ctx: DatasetContext,
  p: CompanyProfile,
  count: number,
  about: { contacts: string[]; tickets: TicketRef[]; surveyIds: SurveyIds },
): void {
  const { rng } = ctx;
  const { contacts, tickets } = about;
  const { from, to } = activityWindow(ctx, p);
  for (let r = 0; r < count; r++) {
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
      ? ctx.at(ticket.created + rng.between(1, 72) * HOUR)
      : to - (to - from) * Math.pow(rng.next(), 1.25);
    const score = drawScore(ctx, p, type);
    const rec = ctx.record('responses', ctx.ids.feedback(), submitted, submitted, {
      hs_survey_type: type,
      hs_survey_name: SURVEY_NAMES[type],
      hs_survey_id: about.surveyIds[type],
      hs_value: String(score.value),
      hs_response_group: score.group,
      hs_content: rng.chance(0.65) ? rng.pick(VERBATIMS[score.mood]) : null,
      hs_submission_timestamp: isoDate(submitted),
      hs_contact_id: contact,
      hs_ticket_id: ticket?.id ?? null,
    });
    if (contact) ctx.link('responses', rec.id, 'contacts', contact, false);
    if (ticket) ctx.link('responses', rec.id, 'tickets', ticket.id, false);
  }
}

/** NPS 0–10 around 4.2 + 6.8·h, CSAT 1–5 around 2.7 + 2.3·h, CES 1–7 (7 = easy) around 2 + 5·h. */
function drawScore(
  ctx: DatasetContext,
  p: CompanyProfile,
  type: SurveyType,
): { value: number; group: string | null; mood: keyof typeof VERBATIMS } {
  const { rng } = ctx;
  const hr = clamp(p.h + 0.08 * rng.normal(), 0, 1);
  if (type === 'NPS') {
    const value = Math.round(clamp(npsMean(hr) + 1.5 * rng.normal(), 0, 10));
    const group = value >= 9 ? 'PROMOTER' : value >= 7 ? 'PASSIVE' : 'DETRACTOR';
    const mood = value >= 9 ? 'promoter' : value >= 7 ? 'passive' : 'detractor';
    return { value, group: rng.chance(0.12) ? null : group, mood };
  }
  if (type === 'CSAT') {
    const value = Math.round(clamp(csatMean(hr) + 0.9 * rng.normal(), 1, 5));
    return { value, group: null, mood: value >= 4 ? 'positive' : value === 3 ? 'neutral' : 'negative' };
  }
  const value = Math.round(clamp(2 + 5 * hr + rng.normal(), 1, 7));
  return { value, group: null, mood: value >= 5 ? 'positive' : value === 4 ? 'neutral' : 'negative' };
}

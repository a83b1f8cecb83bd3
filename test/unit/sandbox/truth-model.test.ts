import { describe, expect, it } from 'vitest';
import { demoDataset, type SandboxDataset } from '../../../server/src/sandbox';
import { facetHealthOf, renewalOutcomeWeights } from '../../../server/src/sandbox/dataset/truth-model';
import { NOW } from '../../factories';

const DAY = 86_400_000;

type Row = {
  truth: number;
  openHighPriority: number;
  contactDays: number | null;
  contacts: number;
  npsRecent: number;
  detractorsRecent: number;
  renewalsClosed: number;
  renewalsLostOrContracted: number;
  overdueRenewal: boolean;
};

/** Per-company raw signals read straight from the dataset's HubSpot-shaped records. */
function rowsOf(ds: SandboxDataset): Row[] {
  const companyOf = new Map<string, string>();
  for (const a of ds.associations)
    if (a.toType === 'companies' && a.primary) companyOf.set(`${a.fromType}:${a.fromId}`, a.toId);
  const rows = new Map<string, Row>();
  for (const c of ds.objects.companies) {
    const contacted = c.properties.notes_last_contacted;
    rows.set(c.id, {
      truth: ds.truth[c.id]!,
      openHighPriority: 0,
      contactDays: contacted ? (NOW - Date.parse(contacted)) / DAY : null,
      contacts: Number(c.properties.num_associated_contacts),
      npsRecent: 0,
      detractorsRecent: 0,
      renewalsClosed: 0,
      renewalsLostOrContracted: 0,
      overdueRenewal: false,
    });
  }
  const openTicketStages = new Set(
    ds.pipelines.tickets.flatMap((p) =>
      p.stages.filter((s) => s.metadata.ticketState === 'OPEN').map((s) => s.id),
    ),
  );
  for (const t of ds.objects.tickets) {
    const row = rows.get(companyOf.get(`tickets:${t.id}`)!)!;
    const priority = t.properties.hs_ticket_priority;
    if (
      openTicketStages.has(t.properties.hs_pipeline_stage!) &&
      (priority === 'HIGH' || priority === 'URGENT')
    )
      row.openHighPriority++;
  }
  for (const r of ds.objects.responses) {
    const p = r.properties;
    if (p.hs_survey_type !== 'NPS' || Date.parse(p.hs_submission_timestamp!) < NOW - 180 * DAY) continue;
    const company =
      (p.hs_contact_id && companyOf.get(`contacts:${p.hs_contact_id}`)) ||
      companyOf.get(`tickets:${p.hs_ticket_id}`);
    const row = rows.get(company!)!;
    row.npsRecent++;
    if (Number(p.hs_value) <= 6) row.detractorsRecent++;
  }
  const renewals = ds.pipelines.deals.find((p) => p.label === 'Renewals')!;
  const stageLabel = new Map(renewals.stages.map((s) => [s.id, s.label]));
  const deals = [...ds.objects.deals].sort(
    (a, b) => Date.parse(a.properties.closedate!) - Date.parse(b.properties.closedate!),
  );
  const lastWon = new Map<string, number>();
  for (const d of deals) {
    const company = companyOf.get(`deals:${d.id}`)!;
    const row = rows.get(company)!;
    const amount = Number(d.properties.amount);
    const label = stageLabel.get(d.properties.dealstage!);
    if (d.properties.pipeline !== renewals.id) {
      if (d.properties.hs_is_closed_won === 'true' && !lastWon.has(company)) lastWon.set(company, amount);
    } else if (label === 'Renewed' || label === 'Churned') {
      row.renewalsClosed++;
      if (label === 'Churned' || amount < (lastWon.get(company) ?? 0)) row.renewalsLostOrContracted++;
      if (label === 'Renewed') lastWon.set(company, amount);
    } else if (Date.parse(d.properties.closedate!) < NOW) {
      row.overdueRenewal = true;
    }
  }
  return [...rows.values()].filter(
    (r) => r.contacts > 0 || r.renewalsClosed > 0 || r.openHighPriority > 0 || r.npsRecent > 0,
  );
}

const terciles = (rows: Row[]): [Row[], Row[], Row[]] => {
  const sorted = [...rows].sort((a, b) => a.truth - b.truth);
  const third = Math.floor(sorted.length / 3);
  return [sorted.slice(0, third), sorted.slice(third, 2 * third), sorted.slice(2 * third)];
};
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

describe('truth → signal mapping of the demo dataset', () => {
  const [low, mid, high] = terciles(rowsOf(demoDataset(NOW)));
  const falling = (metric: (rows: Row[]) => number) => {
    const values = [metric(low), metric(mid), metric(high)];
    expect(values[0], `${values}`).toBeGreaterThan(values[1]!);
    expect(values[1], `${values}`).toBeGreaterThan(values[2]!);
  };

  it('opens more high-priority/urgent tickets as truth falls', () => {
    falling((rows) => mean(rows.map((r) => (r.openHighPriority > 0 ? 1 : 0))));
    expect(mean(low.map((r) => r.openHighPriority))).toBeGreaterThan(1);
  });

  it('contacts the worst accounts 60–150 days ago and the best within weeks', () => {
    const days = (rows: Row[]) => rows.flatMap((r) => (r.contactDays === null ? [] : [r.contactDays]));
    falling((rows) => median(days(rows)));
    const worst = low.filter((r) => r.truth < 0.15);
    expect(median(days(worst))).toBeGreaterThanOrEqual(60);
    expect(median(days(worst))).toBeLessThanOrEqual(150);
    expect(median(days(high))).toBeLessThan(14);
  });

  it('associates fewer contacts as truth falls', () => {
    falling((rows) => -mean(rows.map((r) => r.contacts)));
  });

  it('draws more detractors in the last 180 days as truth falls', () => {
    falling((rows) => mean(rows.filter((r) => r.npsRecent > 0).map((r) => r.detractorsRecent / r.npsRecent)));
    const worst = low.filter((r) => r.truth < 0.2 && r.npsRecent > 0);
    expect(mean(worst.map((r) => r.detractorsRecent / r.npsRecent))).toBeGreaterThan(0.7);
  });

  it('loses or contracts more renewals and leaves more renewals overdue as truth falls', () => {
    falling((rows) => {
      const closed = rows.reduce((s, r) => s + r.renewalsClosed, 0);
      return rows.reduce((s, r) => s + r.renewalsLostOrContracted, 0) / closed;
    });
    expect(mean(low.map((r) => (r.overdueRenewal ? 1 : 0)))).toBeGreaterThan(
      mean(high.map((r) => (r.overdueRenewal ? 1 : 0))),
    );
  });

  it('gives mixed accounts one weak facet only', () => {
    expect(facetHealthOf(0.9, null)).toEqual({ support: 0.9, engagement: 0.9 });
    expect(facetHealthOf(0.9, 'support').support).toBeLessThan(0.5);
    expect(facetHealthOf(0.9, 'support').engagement).toBe(0.9);
    expect(facetHealthOf(0.9, 'engagement').engagement).toBeLessThan(0.5);
  });

  it('makes loss the likeliest renewal outcome only for failing accounts', () => {
    const lostShare = (h: number) => {
      const w = renewalOutcomeWeights(h);
      return w[0] / w.reduce((a, b) => a + b, 0);
    };
    expect(lostShare(0.1)).toBeGreaterThan(0.4);
    expect(lostShare(0.5)).toBeLessThan(0.25);
    expect(lostShare(0.9)).toBeLessThan(0.01);
  });
});

import { SYNCED_OBJECT_TYPES } from '@pulse/shared';
import { describe, expect, it } from 'vitest';
import { benchDataset, demoDataset, generateDataset, type SandboxDataset } from '../../../server/src/sandbox';
import { NOW } from '../../factories';

const DAY = 86_400_000;

// Independent re-computations of METRICS.md definitions over the raw data.
function portfolioNps(ds: SandboxDataset): number {
  let promoters = 0;
  let detractors = 0;
  let responses = 0;
  for (const r of ds.objects.responses) {
    if (r.archived || r.properties.hs_survey_type !== 'NPS') continue;
    const value = Number(r.properties.hs_value);
    const group =
      r.properties.hs_response_group ?? (value >= 9 ? 'PROMOTER' : value >= 7 ? 'PASSIVE' : 'DETRACTOR');
    responses++;
    if (group === 'PROMOTER') promoters++;
    if (group === 'DETRACTOR') detractors++;
  }
  return Math.round((100 * (promoters - detractors)) / responses);
}

/** Σ min(renewed, prior) ÷ Σ prior over renewals closed since `from`; prior = previous won renewal or first won deal. */
function grossRenewalRate(ds: SandboxDataset, from: number): number {
  const renewalPipelines = new Set(
    ds.pipelines.deals.filter((p) => /renewal/i.test(p.label)).map((p) => p.id),
  );
  const companyOf = new Map(
    ds.associations.filter((a) => a.fromType === 'deals' && a.primary).map((a) => [a.fromId, a.toId]),
  );
  const byCompany = new Map<string, SandboxDataset['objects']['deals']>();
  for (const d of ds.objects.deals) {
    if (d.archived || d.properties.hs_is_closed !== 'true') continue;
    const company = companyOf.get(d.id) as string;
    byCompany.set(company, [...(byCompany.get(company) ?? []), d]);
  }
  let prior = 0;
  let kept = 0;
  for (const deals of byCompany.values()) {
    deals.sort((a, b) => Date.parse(a.properties.closedate ?? '') - Date.parse(b.properties.closedate ?? ''));
    let last: number | null = null;
    for (const d of deals) {
      const won = d.properties.hs_is_closed_won === 'true';
      const amount = Number(d.properties.amount);
      if (!renewalPipelines.has(d.properties.pipeline ?? '')) {
        if (last === null && won) last = amount;
        continue;
      }
      if (last === null) continue;
      if (Date.parse(d.properties.closedate ?? '') >= from) {
        prior += last;
        kept += won ? Math.min(amount, last) : 0;
      }
      if (won) last = amount;
    }
  }
  return kept / prior;
}

describe('generateDataset', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const a = demoDataset(NOW, 99);
    expect(JSON.stringify(demoDataset(NOW, 99))).toBe(JSON.stringify(a));
    const b = demoDataset(NOW, 100);
    expect(b.objects.companies.map((c) => c.properties.name)).not.toEqual(
      a.objects.companies.map((c) => c.properties.name),
    );
    const stageIds = (ds: SandboxDataset) => ds.pipelines.deals.flatMap((p) => p.stages.map((s) => s.id));
    expect(stageIds(b).some((id) => stageIds(a).includes(id))).toBe(false);
    expect(stageIds(a).every((id) => /^\d+$/.test(id))).toBe(true);
  });

  it('builds the benchmark preset with exact sizes', () => {
    const ds = benchDataset(NOW);
    expect(Object.fromEntries(Object.entries(ds.objects).map(([type, list]) => [type, list.length]))).toEqual(
      {
        companies: 10_000,
        contacts: 20_000,
        deals: 30_000,
        tickets: 100_000,
        responses: 15_000,
        tasks: 0,
      },
    );
    expect(Object.keys(ds.truth)).toHaveLength(10_000);
  });

  it('lands the demo portfolio on published B2B SaaS benchmarks (NPS 25..45, GRR 85..95 %)', () => {
    for (const seed of [undefined, 1, 2, 3]) {
      const ds = demoDataset(NOW, seed);
      expect(portfolioNps(ds)).toBeGreaterThanOrEqual(25);
      expect(portfolioNps(ds)).toBeLessThanOrEqual(45);
      const grr = grossRenewalRate(ds, 0);
      expect(grr).toBeGreaterThanOrEqual(0.85);
      expect(grr).toBeLessThanOrEqual(0.95);
    }
  });

  it('gives every deal and ticket exactly one primary company', () => {
    const ds = demoDataset(NOW);
    const companies = new Set(ds.objects.companies.map((c) => c.id));
    for (const type of ['deals', 'tickets'] as const) {
      const primaries = new Map<string, number>();
      for (const a of ds.associations) {
        if (a.fromType !== type || a.toType !== 'companies' || !a.primary) continue;
        expect(companies.has(a.toId)).toBe(true);
        primaries.set(a.fromId, (primaries.get(a.fromId) ?? 0) + 1);
      }
      for (const record of ds.objects[type]) expect(primaries.get(record.id), `${type} ${record.id}`).toBe(1);
    }
  });

  it('keeps HubSpot wire formats: strings or null, ISO-8601 dates, "true"/"false"', () => {
    const ds = demoDataset(NOW);
    const isoPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
    const problems: string[] = [];
    for (const [type, list] of Object.entries(ds.objects)) {
      for (const r of list) {
        if (!isoPattern.test(r.createdAt) || Date.parse(r.createdAt) > NOW)
          problems.push(`${type} ${r.id} createdAt ${r.createdAt}`);
        if (!r.archived && r.properties.hs_lastmodifieddate !== r.updatedAt)
          problems.push(`${type} ${r.id} updatedAt`);
        for (const [name, value] of Object.entries(r.properties)) {
          if (value !== null && typeof value !== 'string')
            problems.push(`${type} ${r.id} ${name} is ${typeof value}`);
        }
      }
    }
    for (const d of ds.objects.deals) {
      if (!isoPattern.test(d.properties.closedate ?? ''))
        problems.push(`deal ${d.id} closedate ${d.properties.closedate}`);
      if (!['true', 'false'].includes(d.properties.hs_is_closed_won ?? ''))
        problems.push(`deal ${d.id} hs_is_closed_won`);
      if (!/^\d+$/.test(d.properties.amount ?? ''))
        problems.push(`deal ${d.id} amount ${d.properties.amount}`);
    }
    expect(problems).toEqual([]);
  });

  it('models the story the metrics need: renewals, overdue and stale ones, expansions, archived and empty records', () => {
    const ds = demoDataset(NOW);
    const renewals = ds.pipelines.deals.find((p) => p.label === 'Renewals')!;
    const openRenewalStages = new Set(
      renewals.stages.filter((s) => s.metadata.isClosed === 'false').map((s) => s.id),
    );
    const open = ds.objects.deals.filter((d) => openRenewalStages.has(d.properties.dealstage ?? ''));
    expect(open.some((d) => Date.parse(d.properties.closedate!) < NOW)).toBe(true); // overdue
    expect(
      open.some((d) => Date.parse(d.properties.hs_v2_date_entered_current_stage!) < NOW - 30 * DAY),
    ).toBe(true); // stale
    expect(
      ds.objects.deals.some(
        (d) =>
          d.properties.dealtype === 'existingbusiness' && /Expansion|Upsell/.test(d.properties.dealname!),
      ),
    ).toBe(true);
    for (const type of SYNCED_OBJECT_TYPES)
      expect(
        ds.objects[type].some((r) => r.archived),
        type,
      ).toBe(true);

    const withData = new Set(ds.associations.filter((a) => a.toType === 'companies').map((a) => a.toId));
    expect(ds.objects.companies.filter((c) => !withData.has(c.id)).length).toBeGreaterThanOrEqual(2);

    const adoption = ds.objects.companies.filter(
      (c) => c.properties.pulse_license_utilization !== null,
    ).length;
    expect(adoption / ds.objects.companies.length).toBeGreaterThan(0.5);
    expect(adoption / ds.objects.companies.length).toBeLessThan(0.7);

    const nps = ds.objects.responses.filter((f) => f.properties.hs_survey_type === 'NPS');
    expect(nps.some((f) => f.properties.hs_response_group === null)).toBe(true);
    expect(
      ds.objects.responses.some(
        (f) => f.properties.hs_contact_id === null && f.properties.hs_ticket_id !== null,
      ),
    ).toBe(true);
  });

  it('makes unhealthy companies noisier: more urgent tickets and worse NPS than healthy ones', () => {
    const ds = demoDataset(NOW);
    const companyOf = new Map(
      ds.associations.filter((a) => a.fromType === 'tickets').map((a) => [a.fromId, a.toId]),
    );
    const urgent = new Map<string, number>();
    for (const t of ds.objects.tickets) {
      if (t.properties.hs_ticket_priority === 'URGENT')
        urgent.set(companyOf.get(t.id)!, (urgent.get(companyOf.get(t.id)!) ?? 0) + 1);
    }
    const ids = Object.keys(ds.truth);
    const low = ids.filter((id) => ds.truth[id]! < 0.4);
    const high = ids.filter((id) => ds.truth[id]! > 0.8);
    const mean = (list: string[]) => list.reduce((s, id) => s + (urgent.get(id) ?? 0), 0) / list.length;
    expect(low.length).toBeGreaterThan(10);
    expect(mean(low)).toBeGreaterThan(2 * mean(high));
  });

  it('rejects bad options with a message naming the field', () => {
    expect(() => generateDataset({ seed: 1.5, now: NOW, companies: 1 })).toThrow(/seed/);
    expect(() => generateDataset({ seed: 1, now: NOW, companies: -1 })).toThrow(/companies/);
    expect(() => generateDataset({ seed: 1, now: NOW, companies: 1, ticketsPerCompany: Number.NaN })).toThrow(
      /ticketsPerCompany/,
    );
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { defaultSettings } from '@pulse/shared';
import { generateDataset } from '../../../server/src/sandbox';
import { runSync } from '../../../server/src/sync';
import { createHarness, expectedFromDataset, PORTAL, type Harness } from './harness';
import { NOW } from '../../factories';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

describe('incremental sync', () => {
  it('picks up a changed deal, a new response and a deleted ticket, recomputing only the companies they touch', async () => {
    h = await createHarness(
      generateDataset({
        seed: 21,
        now: NOW,
        companies: 80,
        ticketsPerCompany: 5,
        dealsPerCompany: 3,
        contactsPerCompany: 3,
        responsesPerCompany: 3,
      }),
    );
    // Write-back would touch every company in HubSpot (and so in the next search); it has its own test.
    await h.store
      .forPortal(PORTAL)
      .settings.save(
        { ...defaultSettings, writeBack: { enabled: false } },
        { expectedVersion: 0, updatedBy: null, now: NOW },
      );
    const full = await runSync({
      store: h.store,
      client: h.client,
      portalId: PORTAL,
      kind: 'full',
      now: h.now,
    });
    const dataset = h.sandbox.dataset(PORTAL);
    const assoc = (fromType: string, fromId: string) =>
      dataset.associations.find(
        (a) => a.fromType === fromType && a.fromId === fromId && a.toType === 'companies' && a.primary,
      )?.toId;

    // 1. a renewal deal's amount changes
    const renewalPipelines = new Set(
      dataset.pipelines.deals.filter((p) => /renewal/i.test(p.label)).map((p) => p.id),
    );
    const before = await h.store.forPortal(PORTAL).snapshots.list();
    const withRenewal = before.find((s) => s.renewal.next !== null)!;
    const deal = dataset.objects.deals.find((d) => d.id === withRenewal.renewal.next!.dealId)!;
    expect(
      renewalPipelines.has(deal.properties.pipeline!) || deal.properties.dealtype === 'existingbusiness',
    ).toBe(true);
    h.sandbox.update(PORTAL, 'deals', deal.id, { amount: '123456' });

    // 2. a detractor answers the NPS survey
    const contact = dataset.objects.contacts.find(
      (c) =>
        !c.archived &&
        assoc('contacts', c.id) !== undefined &&
        assoc('contacts', c.id) !== withRenewal.companyId,
    )!;
    const contactCompany = assoc('contacts', contact.id)!;
    h.sandbox.create(
      PORTAL,
      'responses',
      {
        properties: {
          hs_survey_type: 'NPS',
          hs_survey_name: 'Customer NPS',
          hs_value: '2',
          hs_response_group: 'DETRACTOR',
          hs_content: 'Support never answers.',
          hs_submission_timestamp: new Date(h.now() - 60_000).toISOString(),
          hs_contact_id: contact.id,
        },
      },
      [{ toType: 'contacts', toId: contact.id }],
    );

    // 3. an open ticket is deleted; HubSpot's webhook put its id on our change queue
    const openSnapshot = before.find(
      (s) => s.support.open > 0 && s.companyId !== withRenewal.companyId && s.companyId !== contactCompany,
    )!;
    const openStages = new Set(
      dataset.pipelines.tickets.flatMap((p) =>
        p.stages.filter((s) => s.metadata.ticketState === 'OPEN').map((s) => s.id),
      ),
    );
    const ticket = dataset.objects.tickets.find(
      (t) =>
        !t.archived &&
        assoc('tickets', t.id) === openSnapshot.companyId &&
        openStages.has(t.properties.hs_pipeline_stage!),
    )!;
    h.sandbox.archive(PORTAL, 'tickets', ticket.id);
    await h.store.forPortal(PORTAL).changes.enqueue('tickets', [ticket.id], 'delete');

    // search results lag writes in HubSpot; the sync's overlap covers it, here we just let a moment pass
    const inc = await runSync({
      store: h.store,
      client: h.client,
      portalId: PORTAL,
      kind: 'incremental',
      now: h.now,
    });
    expect(inc.status).toBe('succeeded');
    expect(inc.records.deals).toBeGreaterThanOrEqual(1);
    expect(inc.records.responses).toBeGreaterThanOrEqual(1);
    expect(inc.deleted).toBe(1);
    // cost grows with the changes, not with the portal: one search per object type, plus association
    // reads for the changed deal (1), the response (2) and its contact, whose association changed (1);
    // the deletion came from the queue and costs nothing
    expect(inc.apiCalls).toBeLessThanOrEqual(5 + 4);
    expect(full.apiCalls).toBeGreaterThan(inc.apiCalls * 2);
    expect(inc.companiesRecomputed).toBeLessThan(before.length / 4);

    const after = new Map((await h.store.forPortal(PORTAL).snapshots.list()).map((s) => [s.companyId, s]));
    expect(after.get(withRenewal.companyId)!.renewal.next).toMatchObject({ dealId: deal.id, amount: 123456 });
    expect(after.get(contactCompany)!.nps.detractors).toBe(
      before.find((s) => s.companyId === contactCompany)!.nps.detractors + 1,
    );
    expect(after.get(openSnapshot.companyId)!.support.open).toBe(openSnapshot.support.open - 1);
    expect(await h.store.forPortal(PORTAL).changes.take(10)).toEqual([]);

    // and every company still matches the dataset exactly
    const snapshots = [...after.values()];
    const expected = expectedFromDataset(h.sandbox.dataset(PORTAL), Date.parse(snapshots[0]!.computedAt));
    for (const s of snapshots) {
      const e = expected.get(s.companyId)!;
      expect({
        id: s.companyId,
        open: s.support.open,
        nps: s.nps.score,
        renewal: s.renewal.next?.amount ?? null,
      }).toEqual({
        id: s.companyId,
        open: e.openTickets,
        nps: e.nps,
        renewal: e.nextRenewal?.amount ?? null,
      });
    }
  });

  it('writes back only values that changed', async () => {
    h = await createHarness(generateDataset({ seed: 5, now: NOW, companies: 30 }));
    const full = await runSync({
      store: h.store,
      client: h.client,
      portalId: PORTAL,
      kind: 'full',
      now: h.now,
    });
    expect(full.writtenBack).toBe(full.records.companies);
    const writes = h.sandbox.writes(PORTAL);
    expect(new Set(writes.map((w) => Object.keys(w.properties).sort().join(',')))).toEqual(
      new Set(['pulse_health_band,pulse_health_score,pulse_last_computed,pulse_nps,pulse_renewal_risk']),
    );
    const again = await runSync({
      store: h.store,
      client: h.client,
      portalId: PORTAL,
      kind: 'incremental',
      now: h.now,
    });
    expect(again.writtenBack).toBe(0);
    expect(h.sandbox.writes(PORTAL)).toHaveLength(writes.length);
  });

  it('does not mistake its own write-back for a change: only a real one is recomputed', async () => {
    h = await createHarness(
      generateDataset({
        seed: 9,
        now: NOW,
        companies: 40,
        contactsPerCompany: 2,
        dealsPerCompany: 1,
        ticketsPerCompany: 2,
      }),
    );
    const full = await runSync({
      store: h.store,
      client: h.client,
      portalId: PORTAL,
      kind: 'full',
      now: h.now,
    });
    expect(full.writtenBack).toBe(full.records.companies);
    const writes = h.sandbox.writes(PORTAL).length;

    // every written company now counts as modified in HubSpot and comes back from the search…
    const echo = await runSync({
      store: h.store,
      client: h.client,
      portalId: PORTAL,
      kind: 'incremental',
      now: h.now,
    });
    expect(echo.records.companies).toBe(full.records.companies);
    // …but only Pulse's own properties changed: nothing to recompute, nothing to write
    expect(echo.companiesRecomputed).toBe(0);
    expect(echo.writtenBack).toBe(0);
    expect(h.sandbox.writes(PORTAL)).toHaveLength(writes);

    const company = h.sandbox.dataset(PORTAL).objects.companies.find((c) => !c.archived)!;
    const contactedAt = new Date(h.now() - 3_600_000).toISOString();
    h.sandbox.update(PORTAL, 'companies', company.id, { notes_last_contacted: contactedAt });
    const real = await runSync({
      store: h.store,
      client: h.client,
      portalId: PORTAL,
      kind: 'incremental',
      now: h.now,
    });
    expect(real.companiesRecomputed).toBe(1);
    expect((await h.store.forPortal(PORTAL).snapshots.get(company.id))?.snapshot.signals).toBeDefined();
    expect(
      (await h.store.forPortal(PORTAL).records.get('companies', [company.id])).get(company.id)
        ?.lastContactedAt,
    ).toBe(Date.parse(contactedAt));
  });
});

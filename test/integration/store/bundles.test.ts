import { expect, it } from 'vitest';
import { buildCompany, buildContact, buildDeal, buildResponse, buildTicket } from '../../factories';
import { describeStore } from './harness';

describeStore('bundles', (ctx) => {
  it('attributes deals, tickets and responses per the attribution rules', async () => {
    const p = ctx.newPortal();
    const g = { generation: 1 };
    await p.records.upsert(
      {
        objectType: 'companies',
        records: [
          buildCompany({ id: 'A', associatedContacts: 40 }),
          buildCompany({ id: 'B', associatedContacts: 7 }),
          buildCompany({ id: 'Z', archived: true }),
        ],
      },
      g,
    );
    // Responses arrive before their contacts and tickets: attribution is resolved when bundles load.
    await p.records.upsert(
      {
        objectType: 'responses',
        records: [
          buildResponse({ id: 'r-contact', contactId: 'p1', ticketId: 'tB' }), // contact wins over ticket
          buildResponse({ id: 'r-ticket', contactId: null, ticketId: 'tB' }),
          buildResponse({ id: 'r-nocompany-contact', contactId: 'p-nocompany', ticketId: 'tB' }), // falls back to ticket
          buildResponse({ id: 'r-unknown-contact', contactId: 'p-missing', ticketId: 'tA' }), // contact not stored
          buildResponse({ id: 'r-archived', contactId: 'p1', archived: true }),
          buildResponse({ id: 'r-archived-contact', contactId: 'p-archived', ticketId: null }),
        ],
      },
      g,
    );
    await p.records.upsert(
      {
        objectType: 'contacts',
        records: [
          buildContact({ id: 'p1', primaryCompanyId: 'A', companyIds: ['A', 'B'] }), // two companies → primary only
          buildContact({ id: 'p-nocompany', primaryCompanyId: null, companyIds: [] }),
          buildContact({ id: 'p-archived', primaryCompanyId: 'A', companyIds: ['A'], archived: true }),
        ],
      },
      g,
    );
    await p.records.upsert(
      {
        objectType: 'deals',
        records: [
          buildDeal({ id: 'dA', primaryCompanyId: 'A', companyIds: ['A', 'B'] }),
          buildDeal({ id: 'dOnly', primaryCompanyId: null, companyIds: ['B'] }),
          buildDeal({ id: 'dArchived', primaryCompanyId: 'A', companyIds: ['A'], archived: true }),
          buildDeal({ id: 'dZ', primaryCompanyId: 'Z', companyIds: ['Z'] }),
        ],
      },
      g,
    );
    await p.records.upsert(
      {
        objectType: 'tickets',
        records: [
          buildTicket({ id: 'tA', primaryCompanyId: 'A', companyIds: ['A'] }),
          buildTicket({ id: 'tB', primaryCompanyId: 'B', companyIds: ['B'] }),
        ],
      },
      g,
    );

    const a = await p.bundles.load('A');
    const b = await p.bundles.load('B');
    expect(a?.deals.map((d) => d.id)).toEqual(['dA']);
    expect(b?.deals.map((d) => d.id)).toEqual(['dOnly']);
    expect(a?.tickets.map((t) => t.id)).toEqual(['tA']);
    expect(a?.responses.map((r) => r.id).sort()).toEqual(['r-contact', 'r-unknown-contact']);
    expect(b?.responses.map((r) => r.id).sort()).toEqual(['r-nocompany-contact', 'r-ticket']);
    // stored contacts are counted (any association, archived excluded); without any, HubSpot's count
    expect(a?.contactCount).toBe(1);
    expect(b?.contactCount).toBe(1);
    expect(await p.bundles.load('Z')).toBeNull();
    expect(await p.bundles.load('missing')).toBeNull();
  });

  it('streams every non-archived company in bounded batches, or just the requested ones', async () => {
    const p = ctx.newPortal();
    const companies = Array.from({ length: 23 }, (_, i) =>
      buildCompany({ id: `c${String(i).padStart(2, '0')}`, archived: i === 5 }),
    );
    await p.records.upsert({ objectType: 'companies', records: companies }, { generation: 1 });
    await p.records.upsert(
      {
        objectType: 'deals',
        records: [buildDeal({ id: 'd', primaryCompanyId: 'c22', companyIds: ['c22'] })],
      },
      { generation: 1 },
    );

    const batches: string[][] = [];
    for await (const batch of p.bundles.iterate({ batchSize: 5 }))
      batches.push(batch.map((b) => b.company.id));
    expect(batches.map((b) => b.length)).toEqual([5, 5, 5, 5, 2]);
    expect(batches.flat()).toHaveLength(22);
    expect(batches.flat()).not.toContain('c05');

    const picked: string[] = [];
    for await (const batch of p.bundles.iterate({
      companyIds: ['c22', 'c05', 'nope', 'c01'],
      batchSize: 2,
    })) {
      for (const bundle of batch) {
        picked.push(bundle.company.id);
        if (bundle.company.id === 'c22') expect(bundle.deals.map((d) => d.id)).toEqual(['d']);
      }
    }
    expect(picked).toEqual(['c01', 'c22']);
  });
});

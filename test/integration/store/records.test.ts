import { expect, it } from 'vitest';
import {
  buildCompany,
  buildContact,
  buildDeal,
  buildOwner,
  buildPipelines,
  buildResponse,
  buildTicket,
} from '../../factories';
import { describeStore } from './harness';

describeStore('records', (ctx) => {
  it('upserts idempotently and reflects the latest payload', async () => {
    const p = ctx.newPortal();
    const tickets = Array.from({ length: 1200 }, (_, i) =>
      buildTicket({ id: `t${i}`, primaryCompanyId: 'c1', companyIds: ['c1'] }),
    );
    await p.records.upsert(
      { objectType: 'companies', records: [buildCompany({ id: 'c1' })] },
      { generation: 1 },
    );
    await p.records.upsert({ objectType: 'tickets', records: tickets }, { generation: 1 });
    await p.records.upsert({ objectType: 'tickets', records: tickets }, { generation: 1 });
    await p.records.upsert(
      { objectType: 'tickets', records: [{ ...tickets[0]!, subject: 'changed', priority: 'URGENT' }] },
      {
        generation: 1,
      },
    );
    expect(await p.records.count()).toEqual({
      companies: 1,
      contacts: 0,
      deals: 0,
      tickets: 1200,
      responses: 0,
    });
    const bundle = await p.bundles.load('c1');
    expect(bundle?.tickets).toHaveLength(1200);
    expect(bundle?.tickets.find((t) => t.id === 't0')).toMatchObject({
      subject: 'changed',
      priority: 'URGENT',
    });
  });

  it('reads stored records of one type by id, archived ones included, leaving out ids it does not have', async () => {
    const p = ctx.newPortal();
    const other = ctx.newPortal();
    const companies = Array.from({ length: 1100 }, (_, i) =>
      buildCompany({ id: `c${i}`, name: `Company ${i}` }),
    );
    await p.records.upsert(
      { objectType: 'companies', records: [...companies, buildCompany({ id: 'gone', archived: true })] },
      {
        generation: 1,
      },
    );
    await other.records.upsert(
      { objectType: 'companies', records: [buildCompany({ id: 'elsewhere' })] },
      { generation: 1 },
    );
    const deal = buildDeal({ id: 'c1', primaryCompanyId: 'c1', companyIds: ['c1'] });
    await p.records.upsert({ objectType: 'deals', records: [deal] }, { generation: 1 });
    const found = await p.records.get('companies', [
      ...companies.map((c) => c.id),
      'gone',
      'missing',
      'elsewhere',
    ]);
    expect(found.size).toBe(1101);
    expect(found.get('c1050')).toEqual(companies[1050]);
    expect(found.get('gone')?.archived).toBe(true);
    expect(found.has('missing')).toBe(false);
    expect(found.has('elsewhere')).toBe(false);
    // the same id in another type is another record
    expect(await p.records.get('deals', ['c1', 'c2'])).toEqual(new Map([['c1', deal]]));
    expect(await p.records.get('tickets', [])).toEqual(new Map());
  });

  it('keeps the last of duplicate ids inside one batch', async () => {
    const p = ctx.newPortal();
    await p.records.upsert(
      {
        objectType: 'deals',
        records: [buildDeal({ id: 'd1', name: 'first' }), buildDeal({ id: 'd1', name: 'second' })],
      },
      { generation: 1 },
    );
    expect((await p.records.count()).deals).toBe(1);
  });

  it('sweeps records a completed full sync did not see, keeping newer ones', async () => {
    const p = ctx.newPortal();
    await p.records.upsert(
      { objectType: 'companies', records: [buildCompany({ id: 'c1' })] },
      { generation: 1 },
    );
    const t = (id: string) => buildTicket({ id, primaryCompanyId: 'c1', companyIds: ['c1'] });
    await p.records.upsert({ objectType: 'tickets', records: [t('old'), t('seen')] }, { generation: 1 });
    await p.records.upsert({ objectType: 'tickets', records: [t('seen')] }, { generation: 5 }); // the full sync
    await p.records.upsert({ objectType: 'tickets', records: [t('later')] }, { generation: 7 }); // an incremental after it
    expect(await p.records.sweep('tickets', 5)).toBe(1);
    const bundle = await p.bundles.load('c1');
    expect(bundle?.tickets.map((x) => x.id)).toEqual(['later', 'seen']);
  });

  it('sweeps contacts with their company links', async () => {
    const p = ctx.newPortal();
    await p.records.upsert(
      { objectType: 'companies', records: [buildCompany({ id: 'c1', associatedContacts: 9 })] },
      {
        generation: 1,
      },
    );
    await p.records.upsert(
      {
        objectType: 'contacts',
        records: [buildContact({ id: 'p1', primaryCompanyId: 'c1', companyIds: ['c1'] })],
      },
      { generation: 1 },
    );
    expect((await p.bundles.load('c1'))?.contactCount).toBe(1);
    await p.records.sweep('contacts', 2);
    expect((await p.bundles.load('c1'))?.contactCount).toBe(9);
  });

  it('tells which companies a set of changed records touches', async () => {
    const p = ctx.newPortal();
    const g = { generation: 1 };
    await p.records.upsert(
      {
        objectType: 'contacts',
        records: [buildContact({ id: 'p1', primaryCompanyId: 'A', companyIds: ['A', 'B'] })],
      },
      g,
    );
    await p.records.upsert(
      { objectType: 'deals', records: [buildDeal({ id: 'd1', primaryCompanyId: 'C', companyIds: ['C'] })] },
      g,
    );
    await p.records.upsert(
      {
        objectType: 'tickets',
        records: [buildTicket({ id: 't1', primaryCompanyId: 'D', companyIds: ['D'] })],
      },
      g,
    );
    await p.records.upsert(
      {
        objectType: 'responses',
        records: [
          buildResponse({ id: 'r1', contactId: 'p1', ticketId: 't1' }),
          buildResponse({ id: 'r2', contactId: null, ticketId: 't1' }),
        ],
      },
      g,
    );
    expect(await p.records.companiesAffectedBy([{ objectType: 'deals', ids: ['d1', 'gone'] }])).toEqual([
      'C',
    ]);
    expect(await p.records.companiesAffectedBy([{ objectType: 'tickets', ids: ['t1'] }])).toEqual(['D']);
    expect(await p.records.companiesAffectedBy([{ objectType: 'responses', ids: ['r1'] }])).toEqual(['A']);
    expect(await p.records.companiesAffectedBy([{ objectType: 'responses', ids: ['r2'] }])).toEqual(['D']);
    // a contact: its companies (counts, responses) and its responses' ticket company
    expect(await p.records.companiesAffectedBy([{ objectType: 'contacts', ids: ['p1'] }])).toEqual([
      'A',
      'B',
      'D',
    ]);
    expect(
      await p.records.companiesAffectedBy([
        { objectType: 'companies', ids: ['X'] },
        { objectType: 'deals', ids: ['d1'] },
      ]),
    ).toEqual(['C', 'X']);
    // deleting the deal: asked before the delete, the old company is known
    await p.records.delete('deals', ['d1']);
    expect(await p.records.companiesAffectedBy([{ objectType: 'deals', ids: ['d1'] }])).toEqual([]);
  });

  it('replaces pipelines and owners and finds an owner by HubSpot user id', async () => {
    const p = ctx.newPortal();
    await p.pipelines.replace(buildPipelines());
    await p.pipelines.replace(buildPipelines().slice(0, 2));
    expect((await p.pipelines.list()).map((p) => p.label).sort()).toEqual([
      'Customer Renewals',
      'Sales Pipeline',
    ]);
    await p.owners.replace([
      buildOwner({ id: 'o1', userId: 77, email: 'casey@acme.example' }),
      buildOwner({ id: 'o2' }),
    ]);
    expect(await p.owners.byUserId(77)).toMatchObject({
      id: 'o1',
      email: 'casey@acme.example',
    });
    expect(await p.owners.byUserId(78)).toBeNull();
    expect((await p.owners.list()).map((o) => o.id)).toEqual(['o1', 'o2']);
  });
});

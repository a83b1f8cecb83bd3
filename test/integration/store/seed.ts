import { defaultSettings } from '@pulse/shared';
import type { Installation, PortalStore } from '../../../server/src/store';
import {
  buildCompany,
  buildContact,
  buildDeal,
  buildOwner,
  buildPipelines,
  buildResponse,
  buildTicket,
  NOW,
} from '../../factories';
import type { StoreContext } from './harness';
import { buildSnapshot, buildVerbatim } from './snapshot-factory';

export function installationOf(): Omit<Installation, 'portalId'> {
  return {
    mode: 'static',
    status: 'active',
    scopes: [],
    accessToken: 'pat-secret',
    refreshToken: null,
    accessTokenExpiresAt: null,
    hubDomain: null,
    installedAt: NOW,
    updatedAt: NOW,
  };
}

/** One row in every table of the portal: company A with a contact, deal, ticket, response, snapshot, … */
export async function seedEverything(p: PortalStore): Promise<void> {
  const g = { generation: 1 };
  await p.installation.upsert(installationOf());
  await p.records.upsert({ objectType: 'companies', records: [buildCompany({ id: 'A' })] }, g);
  const contact = buildContact({ id: 'p1', primaryCompanyId: 'A', companyIds: ['A'] });
  await p.records.upsert({ objectType: 'contacts', records: [contact] }, g);
  const deal = buildDeal({ id: 'dA', primaryCompanyId: 'A', companyIds: ['A'] });
  await p.records.upsert({ objectType: 'deals', records: [deal] }, g);
  const ticket = buildTicket({ id: 'tA', primaryCompanyId: 'A', companyIds: ['A'] });
  await p.records.upsert({ objectType: 'tickets', records: [ticket] }, g);
  const response = buildResponse({ id: 'r1', contactId: 'p1', content: 'Fine' });
  await p.records.upsert({ objectType: 'responses', records: [response] }, g);
  await p.pipelines.replace(buildPipelines());
  await p.owners.replace([buildOwner({ id: 'o1', userId: 77 })]);
  const gen = await p.snapshots.beginGeneration();
  const verbatims = [buildVerbatim({ id: 'r1', contactId: 'p1' })];
  await p.snapshots.put([buildSnapshot('A', { verbatims })], { syncedAt: 1, generation: gen });
  await p.snapshots.commitGeneration(gen);
  await p.history.put([
    { companyId: 'A', date: '2026-03-01', score: 50, band: 'monitor', settingsVersion: 1, measurePoints: {} },
  ]);
  await p.settings.save(defaultSettings, { expectedVersion: 0, updatedBy: null, now: 1 });
  await p.sentiment.set('A', { value: 'good', note: '', authorUserId: null, authorName: 'Ann', setAt: 1 });
  await p.syncRuns.start('full', 1);
  await p.checkpoints.set('cursor', 'p1');
  await p.account.set({ companyCurrency: 'EUR', readAt: NOW });
  await p.webhooks.insert([{ eventId: 'e1', receivedAt: 1, payload: {} }]);
  await p.changes.enqueue('deals', ['dA'], 'upsert');
  await p.writeBack.set([{ companyId: 'A', values: { pulse_health_score: '50' } }]);
  await p.privacy.deleteContact('gone-1', 1); // a tombstone, of a contact the portal no longer has
}

/** Every table with a portal_id column, read from the database itself, so a table added later cannot be missed. */
export async function portalTables(ctx: StoreContext): Promise<string[]> {
  const listing =
    ctx.dialect === 'sqlite'
      ? `select m.name as name from sqlite_master m join pragma_table_info(m.name) c on c.name = 'portal_id' where m.type = 'table'`
      : `select table_name as name from information_schema.columns where column_name = 'portal_id' and table_schema = current_schema()`;
  return (await ctx.raw(listing)).map((row) => String(row.name)).sort();
}

import { existsSync, readFileSync, statSync } from 'node:fs';
import { expect, it } from 'vitest';
import { generateDataset } from '../../../server/src/sandbox';
import { buildResponse } from '../../factories';
import { runSync } from '../../../server/src/sync';
import { describeStore, type OpenedStore } from '../store/harness';
import { createHarness, PORTAL, type Harness } from './harness';

/** A comment no generated text contains: if it is anywhere in the database file, the deletion left it there. */
const MARKER = 'PRIVACY-MARKER-7f3a9c: my phone number is 555-0142';

const dataset = () =>
  generateDataset({
    seed: 31,
    now: Date.parse('2026-11-20T12:00:00Z'),
    companies: 8,
    dealsPerCompany: 1,
    ticketsPerCompany: 2,
    contactsPerCompany: 2,
    responsesPerCompany: 3,
  });

const sync = (h: Harness, kind: 'full' | 'incremental') =>
  runSync({ store: h.store, client: h.client, portalId: PORTAL, kind, now: h.now });

/** Every trace of the contact the store holds: its record, links, responses, verbatims in any snapshot. */
const traces = async (opened: OpenedStore, contactId: string) => {
  const count = async (sqlText: string) => Number((await opened.raw(sqlText))[0]?.n ?? 0);
  const where = `portal_id = ${PORTAL}`;
  return {
    contacts: await count(`select count(*) as n from contacts where ${where} and id = '${contactId}'`),
    links: await count(
      `select count(*) as n from contact_companies where ${where} and contact_id = '${contactId}'`,
    ),
    responses: await count(
      `select count(*) as n from responses where ${where} and contact_id = '${contactId}'`,
    ),
    verbatims: await count(
      `select count(*) as n from snapshots where ${where} and payload like '%"contactId":"${contactId}"%'`,
    ),
    marker: await count(
      `select count(*) as n from responses where ${where} and payload like '%PRIVACY-MARKER%'`,
    ),
  };
};
const NONE = { contacts: 0, links: 0, responses: 0, verbatims: 0, marker: 0 };

/** The contact of a response that is a verbatim on a company's card after the first sync. */
const contactWithVerbatim = async (h: Harness): Promise<{ contactId: string; responseIds: string[] }> => {
  const snapshots = await h.store.forPortal(PORTAL).snapshots.list();
  const verbatim = snapshots.flatMap((s) => s.nps.verbatims).find((v) => v.contactId !== null);
  if (!verbatim?.contactId) throw new Error('the dataset has no verbatim with a contact');
  const responseIds = h.sandbox
    .dataset(PORTAL)
    .objects.responses.filter((r) => r.properties.hs_contact_id === verbatim.contactId)
    .map((r) => r.id);
  return { contactId: verbatim.contactId, responseIds };
};

describeStore('a privacy deletion stays deleted', (ctx) => {
  it('survives later incremental and full syncs that still see the contact and its responses in HubSpot', async () => {
    const opened = await ctx.openFresh();
    await opened.store.migrate();
    const h = await createHarness(dataset(), { store: opened.store });
    try {
      await sync(h, 'full');
      const { contactId, responseIds } = await contactWithVerbatim(h);
      // the contact's newest comment carries a marker we can look for in the raw database file
      h.sandbox.update(PORTAL, 'responses', responseIds[0]!, { hs_content: MARKER });
      await sync(h, 'incremental');
      expect((await traces(opened, contactId)).marker).toBe(1);

      await h.store.forPortal(PORTAL).privacy.deleteContact(contactId);
      expect(await traces(opened, contactId)).toEqual(NONE);
      if (ctx.dialect === 'sqlite') {
        const file = opened.url.slice('file:'.length);
        // checkpointed: the log is empty, and the text is in neither the log nor the database file
        expect(existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0).toBe(0);
        expect(readFileSync(file).includes('PRIVACY-MARKER')).toBe(false);
      }

      // HubSpot still has them, and they change again: an incremental sync sees them modified
      h.sandbox.update(PORTAL, 'contacts', contactId, { firstname: 'Changed' });
      for (const id of responseIds) h.sandbox.update(PORTAL, 'responses', id, { hs_content: MARKER });
      await sync(h, 'incremental');
      expect(await traces(opened, contactId)).toEqual(NONE);

      await sync(h, 'full');
      expect(await traces(opened, contactId)).toEqual(NONE);
      // only that contact is gone: the others' responses are still synced
      const others = Number(
        (await opened.raw(`select count(*) as n from responses where portal_id = ${PORTAL}`))[0]?.n,
      );
      expect(others).toBeGreaterThan(0);
      // the tombstone is the contact id and when, nothing else
      expect(await opened.raw(`select * from privacy_tombstones where portal_id = ${PORTAL}`)).toEqual([
        { portal_id: expect.anything(), contact_id: contactId, deleted_at: expect.anything() },
      ]);
    } finally {
      await h.close();
    }
  });

  it('cannot race a sync writing the same contact: whichever commits first, nothing of it is left', async () => {
    const portal = ctx.newPortal();
    for (let round = 0; round < 20; round++) {
      const contactId = `c${round}`;
      const records = [1, 2, 3].map((n) => buildResponse({ id: `r-${contactId}-${n}`, contactId }));
      const page = { objectType: 'responses' as const, records };
      // the sync's write and the deletion start together, in either order
      const write = portal.records.upsert(page, { generation: 1 });
      const deletion = portal.privacy.deleteContact(contactId);
      await Promise.all(round % 2 === 0 ? [write, deletion] : [deletion, write]);
      const left = await ctx.raw(
        `select count(*) as n from responses where portal_id = ${portal.portalId} and contact_id = '${contactId}'`,
      );
      expect(Number(left[0]?.n), `round ${round}`).toBe(0);
    }
  });
});

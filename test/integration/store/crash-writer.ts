/**
 * Child process for the crash test: stores 100-ticket pages with their cursor, one transaction per page,
 * resuming after the stored cursor, until it is killed. Prints "page N" after each commit.
 */
import { buildTicket } from '../../factories';
import { openStore } from './test-store';

const [url, portalArg] = process.argv.slice(2);
if (!url || !portalArg) throw new Error('usage: crash-writer <store url> <portal id>');
const store = await openStore(url);
await store.migrate();
const portal = store.forPortal(Number(portalArg));
const cursor = await portal.checkpoints.get('tickets:cursor');
for (let page = cursor === null ? 0 : Number(cursor) + 1; ; page++) {
  const records = Array.from({ length: 100 }, (_, i) => buildTicket({ id: `t${page}-${i}` }));
  await portal.records.upsertWithCheckpoint(
    { objectType: 'tickets', records },
    { generation: 1 },
    { key: 'tickets:cursor', value: String(page) },
  );
  process.stdout.write(`page ${page}\n`);
}

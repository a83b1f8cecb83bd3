import { expect, it } from 'vitest';
import { describeStore } from './harness';

describeStore('webhook inbox and change queue', (ctx) => {
  it('dedupes events by id per portal and hands each out once until processed', async () => {
    const p = ctx.newPortal();
    const other = ctx.newPortal();
    const ev = (eventId: string, receivedAt: number) => ({
      eventId,
      receivedAt,
      payload: { eventId, objectId: 7 },
    });
    expect(await p.webhooks.insert([ev('e1', 1), ev('e2', 2), ev('e1', 1)])).toEqual({
      inserted: 2,
      duplicates: 1,
    });
    expect(await p.webhooks.insert([ev('e1', 3), ev('e3', 3)])).toEqual({
      inserted: 1,
      duplicates: 1,
    });
    expect(await other.webhooks.insert([ev('e1', 1)])).toEqual({ inserted: 1, duplicates: 0 });

    const claimed = await p.webhooks.claim(2, { now: 10_000 });
    expect(claimed).toEqual([
      { eventId: 'e1', receivedAt: 1, payload: { eventId: 'e1', objectId: 7 } },
      { eventId: 'e2', receivedAt: 2, payload: { eventId: 'e2', objectId: 7 } },
    ]);
    expect((await p.webhooks.claim(10, { now: 10_001 })).map((e) => e.eventId)).toEqual(['e3']);
    await p.webhooks.markProcessed(['e1', 'e3']);
    expect(await p.webhooks.claim(10, { now: 10_002 })).toEqual([]);
    // e2's worker died: after the claim goes stale it is handed out again
    expect((await p.webhooks.claim(10, { now: 10_000 + 6 * 60_000 })).map((e) => e.eventId)).toEqual(['e2']);
    expect(await p.webhooks.prune(100)).toBe(2);
    expect(await p.webhooks.insert([ev('e2', 4)])).toEqual({ inserted: 0, duplicates: 1 });
  });

  it('queues changed ids, last kind wins, acks do not drop a newer enqueue', async () => {
    const p = ctx.newPortal();
    await p.changes.enqueue('tickets', ['t1', 't2', 't1'], 'upsert');
    await p.changes.enqueue('deals', ['d1'], 'upsert');
    await p.changes.enqueue('tickets', ['t2'], 'delete');
    const taken = await p.changes.take(10);
    expect(taken.map((c) => [c.objectType, c.id, c.kind]).sort()).toEqual([
      ['deals', 'd1', 'upsert'],
      ['tickets', 't1', 'upsert'],
      ['tickets', 't2', 'delete'],
    ]);
    await p.changes.enqueue('tickets', ['t1'], 'upsert'); // changed again while being processed
    await p.changes.ack(taken);
    expect((await p.changes.take(10)).map((c) => c.id)).toEqual(['t1']);
    expect(await p.changes.take(0)).toEqual([]);
  });
});

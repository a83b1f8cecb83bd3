import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { buildTicket } from '../../factories';
import { describeStore } from './harness';

describeStore('sync bookkeeping', (ctx) => {
  it('records sync runs with progress, merged stats and outcome', async () => {
    const p = ctx.newPortal();
    const first = await p.syncRuns.start('full', 1000);
    expect(await p.syncRuns.running()).toMatchObject({
      id: first,
      kind: 'full',
      status: 'running',
      startedAt: 1000,
    });
    await p.syncRuns.update(first, {
      progress: { phase: 'companies', done: 100, total: 1000 },
      stats: { apiCalls: 3 },
      now: 1500,
    });
    await p.syncRuns.update(first, { stats: { records: { companies: 100 } }, now: 1600 });
    let run = (await p.syncRuns.list(5))[0];
    expect(run).toMatchObject({
      heartbeatAt: 1600,
      progress: { phase: 'companies', done: 100, total: 1000 },
    });
    expect(run?.stats).toMatchObject({ apiCalls: 3, records: { companies: 100 }, retries: 0 });
    await p.syncRuns.finish(first, {
      status: 'failed',
      error: 'HubSpot unavailable',
      report: { phase: 'deals' },
      finishedAt: 2000,
    });
    expect(await p.syncRuns.running()).toBeNull();
    const second = await p.syncRuns.start('incremental', 3000);
    await p.syncRuns.finish(second, { status: 'succeeded', error: null, finishedAt: 3500 });
    const runs = await p.syncRuns.list(5);
    expect(runs.map((r) => [r.id, r.status])).toEqual([
      [second, 'succeeded'],
      [first, 'failed'],
    ]);
    expect(runs[1]).toMatchObject({
      error: 'HubSpot unavailable',
      report: { phase: 'deals' },
      finishedAt: 2000,
      progress: null,
    });
    run = runs[0];
    expect(run?.finishedAt).toBe(3500);
    await expect(p.syncRuns.finish('no-such-run', { status: 'failed', error: null })).rejects.toThrow(
      /no-such-run/,
    );
  });

  it('stores checkpoints and deletes them by literal prefix', async () => {
    const p = ctx.newPortal();
    await p.checkpoints.set('full:tickets:after', '100');
    await p.checkpoints.set('full:tickets:after', '200');
    await p.checkpoints.set('full:deals:after', '7');
    await p.checkpoints.set('fullXdeals', 'x'); // '_' or '%' in a prefix must not act as a wildcard
    await p.checkpoints.set('FULL:other', 'y');
    expect(await p.checkpoints.get('full:tickets:after')).toBe('200');
    await p.checkpoints.deleteByPrefix('full:');
    expect(await p.checkpoints.get('full:tickets:after')).toBeNull();
    expect(await p.checkpoints.get('full:deals:after')).toBeNull();
    expect(await p.checkpoints.get('fullXdeals')).toBe('x');
    expect(await p.checkpoints.get('FULL:other')).toBe('y');
  });

  it('stores a page and its cursor in one transaction: a failure leaves neither', async () => {
    const p = ctx.newPortal();
    const page = (n: number) => Array.from({ length: 100 }, (_, i) => buildTicket({ id: `t${n}-${i}` }));
    await p.records.upsertWithCheckpoint(
      { objectType: 'tickets', records: page(0) },
      { generation: 1 },
      { key: 'cursor', value: 'p1' },
    );

    // a checkpoint write that fails after the records were written rolls the records back
    const broken = { key: 'cursor', value: null as unknown as string };
    await expect(
      p.records.upsertWithCheckpoint({ objectType: 'tickets', records: page(1) }, { generation: 1 }, broken),
    ).rejects.toThrow();
    expect((await p.records.count()).tickets).toBe(100);
    expect(await p.checkpoints.get('cursor')).toBe('p1');

    // the general form, from the root store
    await expect(
      ctx.store.transaction(async (tx) => {
        const inside = tx.forPortal(p.portalId);
        await inside.records.upsert({ objectType: 'tickets', records: page(2) }, { generation: 1 });
        await inside.checkpoints.set('cursor', 'p3');
        throw new Error('killed between page and cursor');
      }),
    ).rejects.toThrow('killed');
    expect((await p.records.count()).tickets).toBe(100);
    expect(await p.checkpoints.get('cursor')).toBe('p1');

    // and from the portal's store
    await p.transaction(async (tx) => {
      await tx.records.upsert({ objectType: 'tickets', records: page(2) }, { generation: 1 });
      await tx.checkpoints.set('cursor', 'p3');
    });
    expect((await p.records.count()).tickets).toBe(200);
    expect(await p.checkpoints.get('cursor')).toBe('p3');
  });

  it('survives kill -9 between pages: records and cursor always agree, and the writer resumes', async () => {
    const p = ctx.newPortal();
    for (const round of [1, 2]) {
      await runWriterUntilKilled(ctx.url, p.portalId, 3 * round);
      const cursor = Number(await p.checkpoints.get('tickets:cursor'));
      expect(cursor).toBeGreaterThanOrEqual(3 * round - 1);
      expect((await p.records.count()).tickets).toBe((cursor + 1) * 100);
    }
  });

  it('does not let other callers see or join an open transaction', async () => {
    const p = ctx.newPortal();
    let outsideSaw = -1;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const tx = p.transaction(async (t) => {
      await t.records.upsert(
        { objectType: 'tickets', records: [buildTicket({ id: 'inside' })] },
        { generation: 1 },
      );
      await gate;
      throw new Error('rollback');
    });
    const outside = (async () => {
      await new Promise((r) => setTimeout(r, 20));
      const read = p.records.count().then((c) => (outsideSaw = c.tickets));
      release();
      await read;
    })();
    await Promise.allSettled([tx, outside]);
    expect(outsideSaw).toBe(0);
  });

  it('remembers the values written back to HubSpot', async () => {
    const p = ctx.newPortal();
    await p.writeBack.set([{ companyId: 'A', values: { pulse_health_score: '72' } }]);
    await p.writeBack.set([
      { companyId: 'A', values: { pulse_health_score: '80', pulse_health_band: 'healthy' } },
    ]);
    const got = await p.writeBack.get(['A', 'B']);
    expect(Object.fromEntries(got)).toEqual({
      A: { pulse_health_score: '80', pulse_health_band: 'healthy' },
    });
  });
});

/** Starts crash-writer.ts, waits until it has committed `minPages` pages in total, then SIGKILLs it. */
async function runWriterUntilKilled(url: string, portal: number, minPages: number): Promise<void> {
  const script = fileURLToPath(new URL('./crash-writer.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, url, String(portal)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const pages = out.match(/page (\d+)/g) ?? [];
      const last = pages.length > 0 ? Number(pages[pages.length - 1]!.slice(5)) : -1;
      if (last + 1 >= minPages) {
        // kill at a random moment inside the next page's work
        setTimeout(() => child.kill('SIGKILL'), Math.floor(Math.random() * 5));
      }
    });
    child.on('exit', (code, signal) =>
      signal === 'SIGKILL' ? resolve() : reject(new Error(`writer exited ${code}: ${stderr}`)),
    );
  });
}

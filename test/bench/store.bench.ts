/**
 * Store benchmark: the sync's write path (100k tickets in pages of 100, each page with its cursor in one
 * transaction), a full bundle pass over 10k companies, a snapshot generation swap, and the card's read
 * (`snapshots.get`, target p99 < 2 ms on SQLite). Postgres runs too when TEST_DATABASE_URL is set.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Store } from '../../server/src/store';
import { buildCompany, buildTicket } from '../factories';
import { buildSnapshot } from '../integration/store/snapshot-factory';
import { openStore } from '../integration/store/test-store';

const COMPANIES = 10_000;
const TICKETS = 100_000;
const PAGE = 100;
const PORTAL = 4242;

type Row = {
  dialect: string;
  upsertTickets: number;
  bundlePass: number;
  snapshotSwap: number;
  listSnapshots: number;
  p50: number;
  p99: number;
};

async function measure(store: Store, dialect: string): Promise<Row> {
  await store.migrate();
  const portal = store.forPortal(PORTAL);
  const companies = Array.from({ length: COMPANIES }, (_, i) =>
    buildCompany({ id: String(100_000 + i), associatedContacts: 5 }),
  );
  for (let i = 0; i < companies.length; i += PAGE)
    await portal.records.upsert(
      { objectType: 'companies', records: companies.slice(i, i + PAGE) },
      { generation: 1 },
    );

  let t = performance.now();
  for (let page = 0; page < TICKETS / PAGE; page++) {
    const records = Array.from({ length: PAGE }, (_, i) => {
      const company = String(100_000 + ((page * PAGE + i) % COMPANIES));
      return buildTicket({
        id: String(1_000_000 + page * PAGE + i),
        primaryCompanyId: company,
        companyIds: [company],
      });
    });
    await portal.records.upsertWithCheckpoint(
      { objectType: 'tickets', records },
      { generation: 1 },
      { key: 'tickets', value: String(page) },
    );
  }
  const upsertTickets = (performance.now() - t) / 1000;

  t = performance.now();
  let bundles = 0;
  for await (const batch of portal.bundles.iterate({ batchSize: 500 })) bundles += batch.length;
  const bundlePass = (performance.now() - t) / 1000;
  if (bundles !== COMPANIES) throw new Error(`bundle pass saw ${bundles} companies`);

  t = performance.now();
  const generation = await portal.snapshots.beginGeneration();
  const snapshots = companies.map((c) => buildSnapshot(c.id));
  for (let i = 0; i < snapshots.length; i += 500) {
    await portal.snapshots.put(snapshots.slice(i, i + 500), { syncedAt: Date.now(), generation });
  }
  await portal.snapshots.commitGeneration(generation);
  const snapshotSwap = (performance.now() - t) / 1000;

  t = performance.now();
  const listed = await portal.snapshots.list();
  const listSnapshots = (performance.now() - t) / 1000;
  if (listed.length !== COMPANIES) throw new Error(`listed ${listed.length} snapshots`);

  for (let i = 0; i < 300; i++) await portal.snapshots.get(String(100_000 + i)); // warm-up: JIT, statement cache
  const samples: number[] = [];
  for (let i = 0; i < 3000; i++) {
    const id = String(100_000 + Math.floor(Math.random() * COMPANIES));
    const s = performance.now();
    const got = await portal.snapshots.get(id);
    samples.push(performance.now() - s);
    if (!got) throw new Error(`snapshot ${id} missing`);
  }
  samples.sort((a, b) => a - b);
  const pct = (p: number) => samples[Math.min(samples.length - 1, Math.floor(samples.length * p))]!;
  return { dialect, upsertTickets, bundlePass, snapshotSwap, listSnapshots, p50: pct(0.5), p99: pct(0.99) };
}

export default async function run(): Promise<{ title: string; markdown: string; ok: boolean }> {
  const rows: Row[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'pulse-store-bench-'));
  try {
    const store = await openStore(`file:${join(dir, 'bench.db')}`);
    try {
      rows.push(await measure(store, 'SQLite (node:sqlite, file, WAL)'));
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const pgUrl = process.env.TEST_DATABASE_URL;
  if (pgUrl) {
    const schema = `store_bench_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    try {
      const u = new URL(pgUrl);
      u.searchParams.set('options', `-c search_path=${schema}`);
      const store = await openStore(u.toString());
      try {
        rows.push(await measure(store, 'PostgreSQL (pg pool, local)'));
      } finally {
        await store.close();
      }
    } finally {
      await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
    }
  }

  const sqlite = rows[0]!;
  const ok = sqlite.p99 < 2 && sqlite.upsertTickets < 60;
  const markdown = [
    `${COMPANIES.toLocaleString('en')} companies, ${TICKETS.toLocaleString('en')} tickets stored in pages of ${PAGE} (page + cursor per transaction).`,
    `Load average during the run: ${loadavg()[0]!.toFixed(1)} (tail latencies grow with other work on the machine).`,
    `Targets: SQLite \`getSnapshot\` p99 < 2 ms; 100k tickets in < 60 s.${pgUrl ? '' : ' Postgres skipped (set TEST_DATABASE_URL).'}`,
    '',
    '| store | 100k tickets upsert | bundle pass (10k companies) | snapshot swap (10k) | listSnapshots (10k) | getSnapshot p50 | getSnapshot p99 |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${r.dialect} | ${r.upsertTickets.toFixed(1)} s | ${r.bundlePass.toFixed(2)} s | ${r.snapshotSwap.toFixed(2)} s | ${r.listSnapshots.toFixed(2)} s | ${r.p50.toFixed(3)} ms | ${r.p99.toFixed(3)} ms |`,
    ),
  ].join('\n');
  return { title: 'Store (server/src/store)', markdown, ok };
}

import { expect, it } from 'vitest';
import { defaultSettings, utcDay } from '@pulse/shared';
import type { PortalStore } from '../../../server/src/store';
import { createBackgroundTasks } from '../../../server/src/services/background';
import { createBacktests } from '../../../server/src/services/backtest';
import { getCompanyHealthView } from '../../../server/src/services/company-health';
import { recomputeCompanies } from '../../../server/src/sync';
import { createLogger } from '../../../server/src/logger';
import {
  DAY,
  NOW,
  PIPELINES,
  buildCompany,
  buildDeal,
  buildPipelines,
  buildResponse,
  buildTicket,
  daysAgo,
} from '../../factories';
import { describeStore } from './harness';

const R = PIPELINES.renewals;
const g = { generation: 1 };

/** Company A: promoters for months, then urgent tickets and detractors in the last 20 days. */
async function seedDeclining(p: PortalStore): Promise<void> {
  const link = { primaryCompanyId: 'A', companyIds: ['A'] };
  await p.pipelines.replace(buildPipelines());
  await p.records.upsert(
    { objectType: 'companies', records: [buildCompany({ id: 'A', lastContactedAt: daysAgo(100) })] },
    g,
  );
  await p.records.upsert(
    {
      objectType: 'deals',
      records: [
        buildDeal({ id: 'won', stageId: R.won, closeAt: daysAgo(400), createdAt: daysAgo(460), ...link }),
      ],
    },
    g,
  );
  await p.records.upsert(
    {
      objectType: 'tickets',
      records: [30, 25, 18, 15, 12].map((d) =>
        buildTicket({ id: `t${d}`, priority: 'URGENT', createdAt: daysAgo(d), ...link }),
      ),
    },
    g,
  );
  const responses = [
    ...[120, 100, 80, 60, 40].map((d) => buildResponse({ id: `p${d}`, value: 10, submittedAt: daysAgo(d) })),
    ...[15, 12, 10, 8, 5, 3].map((d) => buildResponse({ id: `d${d}`, value: 1, submittedAt: daysAgo(d) })),
  ].map((r) => ({ ...r, ticketId: 't30' }));
  await p.records.upsert({ objectType: 'responses', records: responses }, g);
}

describeStore('history from day one', (ctx) => {
  it('the first recompute rebuilds 90 days, marked, so the trend works at once; later runs keep them', async () => {
    const p = ctx.newPortal();
    await seedDeclining(p);
    await recomputeCompanies({ portal: p, companyIds: 'all', now: NOW });

    const history = await p.history.forCompanies(['A'], utcDay(NOW - 120 * DAY));
    expect(history).toHaveLength(91);
    expect(history.slice(0, 90).every((e) => e.reconstructed === true)).toBe(true);
    expect(history[90]).toMatchObject({ date: utcDay(NOW) });
    expect(history[90]!.reconstructed).toBeUndefined();

    const snapshot = (await p.snapshots.get('A'))!.snapshot;
    expect(snapshot.trend.delta30).not.toBeNull();
    expect(snapshot.trend.delta30!).toBeLessThan(0);

    // the card marks the rebuilt days
    const view = await getCompanyHealthView(p, { companyId: 'A', now: NOW, syncIntervalMinutes: 15 });
    if (view.status !== 'ready') throw new Error('expected a ready view');
    expect(view.history).toHaveLength(90);
    expect(view.history.filter((h) => h.reconstructed)).toHaveLength(89);
    expect(view.history.at(-1)!.reconstructed).toBe(false);

    // a second run the next day neither rebuilds again nor replaces a stored day
    const before = await p.history.forCompanies(['A'], '2000-01-01');
    await recomputeCompanies({ portal: p, companyIds: 'all', now: NOW + DAY });
    const after = await p.history.forCompanies(['A'], '2000-01-01');
    expect(after).toHaveLength(before.length + 1);
    expect(after.slice(0, before.length)).toEqual(before);
  });

  it('a live entry replaces a rebuilt one for its day; a rebuilt one never replaces a live one', async () => {
    const p = ctx.newPortal();
    const entry = (score: number, reconstructed: boolean) => ({
      companyId: 'A',
      date: '2026-03-01',
      score,
      band: 'monitor' as const,
      settingsVersion: 1,
      measurePoints: {},
      ...(reconstructed ? { reconstructed: true } : {}),
    });
    await p.history.put([entry(50, true)]);
    await p.history.put([entry(60, false)]);
    await p.history.put([entry(40, true)]);
    expect(await p.history.forCompanies(['A'], '2026-01-01')).toEqual([entry(60, false)]);
  });
});

describeStore('the backtest service', (ctx) => {
  it('answers "running", computes off the request path, then serves the report for the settings version', async () => {
    const p = ctx.newPortal();
    await seedDeclining(p);
    const link = { primaryCompanyId: 'A', companyIds: ['A'] };
    await p.records.upsert(
      {
        objectType: 'deals',
        records: [
          buildDeal({ id: 'lost', stageId: R.lost, createdAt: daysAgo(200), closeAt: daysAgo(20), ...link }),
        ],
      },
      g,
    );
    const background = createBackgroundTasks(createLogger({ level: 'silent' }));
    const backtests = createBacktests({ background, now: () => NOW });
    expect(await backtests.view(p)).toEqual({ status: 'running', settingsVersion: 0 });
    await background.idle();
    const view = await backtests.view(p);
    if (view.status !== 'ready') throw new Error('expected a ready backtest');
    // the renewal won 400 days ago and the one lost 20 days ago: both closed inside 24 months
    expect(view.report.renewals).toBe(2);
    expect(view.report.outcomes).toEqual({ renewed: 1, contracted: 0, lost: 1 });
    expect(view.report.enoughHistory).toBe(false);
    expect(view.report.notEnoughReason).toMatch(/Not enough history to judge/);

    const draft = structuredClone(defaultSettings);
    draft.backtest.lookbackMonths = 6;
    draft.backtest.horizonDays = 30;
    const preview = await backtests.preview(p, draft);
    expect(preview.current).toEqual(view.report);
    // a draft that changes what is read rebuilds the cases: 6 months back only the lost renewal is left
    expect(preview.proposed).toMatchObject({ lookbackMonths: 6, horizonDays: 30, renewals: 1 });
    expect(preview.proposed.outcomes).toEqual({ renewed: 0, contracted: 0, lost: 1 });
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import type { CompanySnapshot } from '@pulse/shared';
import { demoDataset } from '../../../server/src/sandbox';
import { runSync } from '../../../server/src/sync';
import { createHarness, PORTAL, type Harness } from '../sync/harness';
import { NOW } from '../../factories';

// The demo book must look like a real CS portfolio under the default model (docs/decisions/003-crm-sandbox.md):
// measured through the whole pipeline (sandbox over HTTP → sync → store → snapshots), not on the raw dataset.
//
// Bounds since the evidence-based model (docs/metrics.md): a measure without evidence counts as neutral (50) and
// a survey measure from fewer than 5 responses is shrunk toward it. The demo has one or two survey responses per
// company and few CSM sentiments, so thin-evidence companies sit nearer the middle: Monitor is wider (≈ 38–46%
// over seeds 0–7, was 24–29%), At risk narrower (≈ 6–9%, was 12–17%), the best accounts average ≈ 78 (was 88),
// and companies below the confidence floor (mostly churned accounts with no surveys or open renewal) count as
// "No data". The ranking is as good as before: r(truth, score) 0.87–0.92.
const SEEDS = [
  { label: 'the demo seed', seed: undefined },
  { label: 'seed 2', seed: 2 },
];

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const share = (part: number, whole: number) => part / whole;

function pearson(xs: number[], ys: number[]): number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
    syy += (ys[i]! - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

const groupScore = (s: CompanySnapshot, key: string) =>
  s.health.groups.find((g) => g.key === key)?.score ?? null;

describe('demo dataset health spread through the real sync', () => {
  it.each(SEEDS)(
    'spreads $label like a real CS book: bands, truth correlation, renewal risk, mixed accounts',
    async ({ seed }) => {
      const dataset = demoDataset(NOW, seed);
      h = await createHarness(dataset);
      const report = await runSync({
        store: h.store,
        client: h.client,
        portalId: PORTAL,
        kind: 'full',
        now: h.now,
      });
      expect(report.status).toBe('succeeded');
      const snapshots = await h.store.forPortal(PORTAL).snapshots.list();
      expect(snapshots).toHaveLength(dataset.objects.companies.filter((c) => !c.archived).length);

      const scored = snapshots.filter((s) => s.health.score !== null);
      // The generator's companies with no data at all are never scored, and few companies fall below the floor.
      const unscored = snapshots.filter((s) => s.health.score === null);
      expect(unscored.length).toBeGreaterThanOrEqual(2);
      expect(share(unscored.length, snapshots.length)).toBeLessThanOrEqual(0.1);
      const band = (b: string) => share(scored.filter((s) => s.health.band === b).length, scored.length);
      const bands = { atRisk: band('at_risk'), monitor: band('monitor'), healthy: band('healthy') };
      expect(bands.atRisk, JSON.stringify(bands)).toBeGreaterThanOrEqual(0.05);
      expect(bands.atRisk, JSON.stringify(bands)).toBeLessThanOrEqual(0.18);
      expect(bands.monitor, JSON.stringify(bands)).toBeGreaterThanOrEqual(0.22);
      expect(bands.monitor, JSON.stringify(bands)).toBeLessThanOrEqual(0.48);
      expect(bands.healthy, JSON.stringify(bands)).toBeGreaterThanOrEqual(0.42);
      expect(bands.healthy, JSON.stringify(bands)).toBeLessThanOrEqual(0.65);

      const truth = scored.map((s) => dataset.truth[s.companyId]!);
      expect(
        pearson(
          truth,
          scored.map((s) => s.health.score!),
        ),
      ).toBeGreaterThanOrEqual(0.8);
      // The worst accounts look bad and the best look good, not merely ranked right.
      const meanScore = (lo: number, hi: number) => {
        const list = scored.filter(
          (s) => dataset.truth[s.companyId]! >= lo && dataset.truth[s.companyId]! < hi,
        );
        return list.reduce((sum, s) => sum + s.health.score!, 0) / list.length;
      };
      expect(meanScore(0, 0.2)).toBeLessThan(40);
      expect(meanScore(0.8, 1.01)).toBeGreaterThanOrEqual(75);

      const withRenewal = snapshots.filter((s) => s.renewal.risk.level !== 'no_renewal');
      const level = (l: string) =>
        share(withRenewal.filter((s) => s.renewal.risk.level === l).length, withRenewal.length);
      const risk = { highOrCritical: level('high') + level('critical'), critical: level('critical') };
      expect(risk.highOrCritical, JSON.stringify(risk)).toBeGreaterThanOrEqual(0.1);
      expect(risk.highOrCritical, JSON.stringify(risk)).toBeLessThanOrEqual(0.2);
      expect(risk.critical, JSON.stringify(risk)).toBeGreaterThanOrEqual(0.01);
      expect(risk.critical, JSON.stringify(risk)).toBeLessThanOrEqual(0.05);

      // Mixed accounts: customers who still recommend the product while support is in trouble.
      const mixed = scored.filter(
        (s) => (s.nps.score ?? -100) >= 30 && (groupScore(s, 'support') ?? 100) < 50,
      );
      expect(mixed.length).toBeGreaterThanOrEqual(5);
    },
  );
});

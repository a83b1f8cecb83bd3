import { describe, expect, it } from 'vitest';
import {
  applySuggestion,
  defaultSettings,
  fitLogistic,
  suggestWeights,
  toWholeWeights,
  type BacktestCase,
  type Settings,
  type Signals,
} from '@pulse/shared';
import { DAY, NOW, buildSignals } from '../../factories';

/** mulberry32: seeded, so the synthetic book is the same every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const settings: Settings = { ...defaultSettings, backtest: { ...defaultSettings.backtest, minOutcomes: 30 } };

/**
 * A book where churn follows SUPPORT only: open high-priority tickets (0 → 100 points, ≥ 2 → 10) decide it, while
 * NPS (the sentiment group) is noise. A fit should move weight from sentiment to support.
 */
function book(n: number): BacktestCase[] {
  const r = rng(7);
  return Array.from({ length: n }, (_, i) => {
    const bad = r() < 0.35;
    const signals: Signals = buildSignals({
      nps: Math.round(r() * 200 - 100),
      openHighPriority: bad ? 2 : 0,
      agingOpen: 0,
      daysSinceContact: 10,
      lastRenewalOutcome: 'won',
    });
    const lost = bad ? r() < 0.8 : r() < 0.1;
    return {
      companyId: `c${i}`,
      dealId: `d${i}`,
      closedAt: NOW,
      asOf: NOW - 90 * DAY,
      outcome: lost ? 'lost' : 'won',
      arr: 1000,
      signals,
      riskFacts: {
        hasRenewal: true,
        recentDetractors: 0,
        openUrgent: 0,
        nextRenewal: null,
        overdueDays: null,
      },
      score: 50,
      band: 'monitor',
      riskPoints: 0,
      riskLevel: 'low',
    };
  });
}

describe('fitLogistic', () => {
  it('recovers the sign and rough size of a known effect', () => {
    const r = rng(3);
    const x: number[][] = [];
    const y: boolean[] = [];
    for (let i = 0; i < 4000; i++) {
      const a = r() * 2 - 1;
      const b = r() * 2 - 1;
      x.push([a, b]);
      y.push(r() < 1 / (1 + Math.exp(-(0.5 - 2 * a))));
    }
    const [b0, wa, wb] = fitLogistic(x, y, 0);
    expect(b0).toBeCloseTo(0.5, 0);
    expect(wa).toBeCloseTo(-2, 0);
    expect(Math.abs(wb!)).toBeLessThan(0.25);
  });
});

describe('toWholeWeights', () => {
  it('gives whole numbers summing to 100, by largest remainder', () => {
    expect(toWholeWeights([1 / 3, 1 / 3, 1 / 3])).toEqual([34, 33, 33]);
    expect(toWholeWeights([0.125, 0.375, 0.5])).toEqual([13, 37, 50]);
  });
});

describe('suggestWeights', () => {
  it('moves weight to the group that predicted churn, and reports the out-of-fold AUC', () => {
    const s = suggestWeights(book(600), settings);
    expect(s.enoughHistory).toBe(true);
    const weight = (key: string) => s.groups.find((g) => g.key === key)!;
    expect(weight('support').proposed).toBeGreaterThan(weight('support').current);
    expect(weight('sentiment').proposed).toBeLessThan(weight('sentiment').current);
    expect(s.groups.reduce((sum, g) => sum + g.proposed, 0)).toBe(100);
    expect(s.outOfFoldAuc!).toBeGreaterThan(s.currentAuc!);
    // honest: held out, the support-only truth (80% vs 10% churn) cannot be ranked perfectly
    expect(s.outOfFoldAuc!).toBeLessThan(0.95);
  });

  it('suggests nothing below the minimum number of outcomes', () => {
    const s = suggestWeights(book(20), settings);
    expect(s.enoughHistory).toBe(false);
    expect(s.notEnoughReason).toMatch(/Not enough history to judge/);
    expect(s.outOfFoldAuc).toBeNull();
    expect(s.groups.every((g) => g.proposed === g.current)).toBe(true);
  });

  it('applying puts only the group weights into a copy of the settings', () => {
    const s = suggestWeights(book(600), settings);
    const draft = applySuggestion(settings, s);
    expect(draft.scoring.groups.map((g) => g.weight)).toEqual(
      settings.scoring.groups.map((g) => s.groups.find((x) => x.key === g.key)?.proposed ?? g.weight),
    );
    expect(draft.scoring.groups.map((g) => g.measures)).toEqual(
      settings.scoring.groups.map((g) => g.measures),
    );
    expect(settings.scoring.groups[0]!.weight).toBe(30);
  });
});

import { describe, expect, it } from 'vitest';
import { Alert, Button, Flex, NumberInput, Table } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import {
  defaultSettings,
  ZBacktestPreview,
  ZBacktestView,
  type BacktestReport,
  type BacktestView,
} from '@pulse/shared';
import { SettingsPage } from '@pulse/views';
import { NOW, allText, buildPreview, buildSettingsView, change, fakeApi } from './fixtures';

const rate = (churned: number, renewals: number, low: number, high: number) => ({
  renewals,
  churned,
  rate: churned / renewals,
  interval: { low, high },
});

function report(overrides: Partial<BacktestReport> = {}): BacktestReport {
  return {
    lookbackMonths: 24,
    horizonDays: 90,
    minOutcomes: 30,
    renewals: 130,
    scored: 120,
    outcomes: { renewed: 90, contracted: 10, lost: 30 },
    enoughHistory: true,
    notEnoughReason: null,
    auc: 0.74,
    bands: [
      { band: 'healthy', ...rate(4, 50, 0.031, 0.188) },
      { band: 'monitor', ...rate(10, 45, 0.125, 0.357) },
      { band: 'at_risk', ...rate(12, 25, 0.3, 0.66) },
    ],
    liftAtRiskOverHealthy: 6,
    riskAuc: 0.7,
    riskLevels: [
      { level: 'low', ...rate(5, 60, 0.036, 0.18) },
      { level: 'medium', ...rate(8, 40, 0.105, 0.35) },
      { level: 'high', ...rate(9, 20, 0.258, 0.658) },
      { level: 'critical', ...rate(6, 8, 0.409, 0.929) },
      { level: 'no_renewal', renewals: 2, churned: 2, rate: 1, interval: { low: 0.342, high: 1 } },
    ],
    liftHighRiskOverLow: 6,
    atRiskArr: { flagged: 400_000, churned: 250_000 },
    churnedArr: 600_000,
    limits: ['Adoption property values are kept only as they are now: counted as no data before today.'],
    ...overrides,
  };
}

function readyView(r: BacktestReport = report()): BacktestView {
  return ZBacktestView.parse({
    status: 'ready',
    settingsVersion: 3,
    computedAt: new Date(NOW).toISOString(),
    report: r,
    suggestion: {
      enoughHistory: r.enoughHistory,
      notEnoughReason: r.notEnoughReason,
      folds: 5,
      currentAuc: 0.72,
      outOfFoldAuc: 0.77,
      groups: [
        { key: 'sentiment', label: 'Sentiment', current: 30, proposed: 20 },
        { key: 'support', label: 'Support', current: 25, proposed: 40 },
        { key: 'engagement', label: 'Engagement', current: 20, proposed: 15 },
        { key: 'commercial', label: 'Commercial', current: 25, proposed: 25 },
      ],
    },
  });
}

async function renderSettings(api: ReturnType<typeof fakeApi>) {
  const r = createRenderer('settings');
  r.render(<SettingsPage api={api} now={() => NOW} previewDelayMs={10} />);
  await r.waitFor(() => r.findByTestId(Table, 'backtest-table'));
  return r;
}

const api = (view: BacktestView = readyView(), currency: string | null = 'USD') =>
  fakeApi({
    getSettings: async () =>
      buildSettingsView({ settings: structuredClone(defaultSettings), currencyCode: currency }),
    previewSettings: async () => buildPreview(),
    getBacktest: async () => view,
    previewBacktest: async (body) =>
      ZBacktestPreview.parse({
        current: view.status === 'ready' ? view.report : report(),
        proposed: report({ auc: 0.61, horizonDays: body.settings.backtest.horizonDays }),
      }),
  });

describe('settings page: backtest', () => {
  it('shows AUC, churn per band with intervals, lift and at-risk ARR that churned', async () => {
    const r = await renderSettings(api());
    const text = allText(r.findByTestId(Table, 'backtest-table'));
    expect(text).toContain('ROC AUC, health vs churn (0.5 = chance)0.74');
    expect(text).toContain('Churn rate, Healthy8% (4 of 50 lost; 95% CI 3%–19%)');
    expect(text).toContain('Churn rate, At risk48% (12 of 25 lost; 95% CI 30%–66%)');
    expect(text).toContain('Lift, At risk over Healthy6.0×');
    expect(text).toContain('$250K of $400K flagged At risk ($600K lost in all)');
    expect(text).not.toContain('Draft');
  });

  it('shows the at-risk ARR in the account currency', async () => {
    const r = await renderSettings(api(readyView(), 'EUR'));
    const text = allText(r.findByTestId(Table, 'backtest-table'));
    expect(text).toContain('€250K of €400K flagged At risk (€600K lost in all)');
  });

  it('says "not enough history to judge" instead of figures', async () => {
    const thin = report({
      enoughHistory: false,
      notEnoughReason: 'Not enough history to judge: 12 scored renewals, at least 30 needed.',
      auc: null,
      liftAtRiskOverHealthy: null,
    });
    const r = await renderSettings(api(readyView(thin)));
    expect(r.findByTestId(Alert, 'backtest-not-enough').text).toContain('12 scored renewals, at least 30');
    const text = allText(r.findByTestId(Table, 'backtest-table'));
    expect(text).toContain('ROC AUC, health vs churn (0.5 = chance)Not enough history to judge');
    expect(text).not.toContain('0.74');
  });

  it('shows the draft side by side once the settings are edited', async () => {
    const a = api();
    const r = await renderSettings(a);
    change(r.findByTestId(NumberInput, 'scoring.bands.healthy'), 75);
    await r.waitFor(() => expect(allText(r.findByTestId(Table, 'backtest-table'))).toContain('Draft'));
    expect(a.previewBacktest).toHaveBeenCalled();
    expect(a.previewBacktest.mock.calls.at(-1)![0].settings.scoring.bands.healthy).toBe(75);
    expect(allText(r.findByTestId(Table, 'backtest-table'))).toContain('(0.5 = chance)0.740.61');
  });

  it('puts the suggested weights in the draft without saving', async () => {
    const a = api();
    const r = await renderSettings(a);
    expect(allText(r.findByTestId(Flex, 'suggested-weights'))).toContain(
      'AUC 0.77 vs 0.72 with the saved weights',
    );
    r.findByTestId(Button, 'apply-suggested-weights').trigger('onClick');
    await r.waitFor(() =>
      expect(r.findByTestId(NumberInput, 'scoring.groups.1.weight').props.value).toBe(40),
    );
    expect(r.findByTestId(NumberInput, 'scoring.groups.0.weight').props.value).toBe(20);
    expect(a.saveSettings).not.toHaveBeenCalled();
    expect(r.findByTestId(Button, 'save').props.disabled).toBe(false);
  });
});

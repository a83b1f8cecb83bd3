import { describe, expect, it } from 'vitest';
import { Alert, Flex, StatisticsItem, Text } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { CompanyHealthCard } from '@pulse/views';
import { SettingsPreviewPanel } from '../../extension/views/SettingsPreviewPanel';
import { SettingsSyncStatus } from '../../extension/views/SettingsSyncStatus';
import {
  NOW,
  allText,
  buildPreview,
  buildReadyView,
  buildSnapshot,
  buildSyncStatus,
  fakeApi,
} from './fixtures';

// Counts of one read as one everywhere a number meets a noun (issue 9: "1 responses").
describe('counts of one', () => {
  it('the support section: "oldest open 1 day"', async () => {
    const snapshot = buildSnapshot({ support: { openHighPriority: 1, oldestHighPriorityDays: 1 } });
    const api = fakeApi({ getCompanyHealth: async () => buildReadyView(snapshot) });
    const r = createRenderer('crm.record.tab');
    r.render(<CompanyHealthCard api={api} companyId="101" now={() => NOW} />);
    await r.waitFor(() => r.findByTestId(StatisticsItem, 'support-high'));
    expect(allText(r.findByTestId(StatisticsItem, 'support-high'))).toContain('oldest open 1 day');
    expect(allText(r.findByTestId(StatisticsItem, 'support-high'))).not.toContain('1 days');
  });

  it('the sync status: "1 company, 2 deals, 1 survey response" and "1 record skipped"', () => {
    const sync = buildSyncStatus({
      lastRun: {
        records: { companies: 1, deals: 2, responses: 1 },
        skipped: 1,
        skippedSamples: [{ objectType: 'deals', id: '7', reason: 'amount is not a number: "12abc"' }],
      },
    });
    const r = createRenderer('settings');
    r.render(<SettingsSyncStatus api={fakeApi()} initial={sync} now={NOW} canSync={false} />);
    expect(allText(r.findByTestId(Flex, 'sync-status'))).toContain('1 company, 2 deals, 1 survey response');
    expect(r.find(Alert).props.title).toBe('1 record skipped');
  });

  it('the sync status lists the records a run kept with something left out, for the admin to fix', () => {
    const reason =
      'amount 12000 GBP has no EUR value (amount_in_home_currency): left out of ARR and renewal amounts';
    const sync = buildSyncStatus({
      lastRun: { warnings: 3, warningSamples: [{ objectType: 'deals', id: '77', reason }] },
    });
    const r = createRenderer('settings');
    r.render(<SettingsSyncStatus api={fakeApi()} initial={sync} now={NOW} canSync={false} />);
    const alert = r.findByTestId(Alert, 'sync-warnings');
    expect(alert.props.title).toBe('3 records kept with something left out');
    expect(allText(alert)).toBe(`deals 77: ${reason} (and 2 more)`);
  });

  it('the settings preview: "0 of 1 company would change band"', () => {
    const preview = buildPreview({ companies: 1, changed: 0 });
    const r = createRenderer('settings');
    r.render(<SettingsPreviewPanel state="ready" preview={preview} error={undefined} />);
    expect(r.findByTestId(Text, 'preview-summary').text).toMatch(/^0 of 1 company would change band/);
  });
});

import { useEffect, useReducer, useRef } from 'react';
import {
  Accordion,
  Alert,
  Button,
  Flex,
  Heading,
  LoadingSpinner,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  Text,
} from '@hubspot/ui-extensions';
import {
  applySuggestion,
  type BacktestPreview,
  type BacktestReport,
  type CurrencyCode,
  type RateView,
  type Settings,
  type WeightSuggestion,
} from '@pulse/shared';
import type { PulseApi } from './api';
import { formatMoney, formatNumber } from './format';
import { BAND_LABEL, describeError, RISK_LABEL } from './labels';
import { asyncReducer, toApiError, useAsync } from './use-async';

/** How often the page asks again while the backtest is still running. */
const POLL_MS = 3_000;

export type BacktestPanelProps = {
  api: PulseApi;
  /** the draft as edited (applying suggested weights starts from it) */
  draft: Settings;
  /** the draft when it differs from the saved settings and is valid: shown side by side; null otherwise */
  candidate: Settings | null;
  canEdit: boolean;
  /** the account's company currency */
  currencyCode: CurrencyCode;
  /** puts settings in the draft (never saves) */
  onApply: (settings: Settings) => void;
  previewDelayMs: number;
};

const percent = (value: number | null) => (value === null ? '—' : `${formatNumber(value * 100)}%`);
const auc = (value: number | null) => (value === null ? '—' : value.toFixed(2));
const lift = (value: number | null) => (value === null ? '—' : `${value.toFixed(1)}×`);

/** "25% (3 of 12; 95% CI 9–53%)" */
export function describeRate(rate: RateView): string {
  if (rate.renewals === 0) return 'no renewals';
  const interval =
    rate.interval === null ? '' : `; 95% CI ${percent(rate.interval.low)}–${percent(rate.interval.high)}`;
  return `${percent(rate.rate)} (${rate.churned} of ${rate.renewals} lost${interval})`;
}

/** `currencyCode`: the account's company currency, for the amounts */
type Row = { label: string; value: (r: BacktestReport, currencyCode: CurrencyCode) => string };

const ROWS: Row[] = [
  { label: 'Renewals backtested', value: (r) => `${r.scored} scored of ${r.renewals}` },
  {
    label: 'Outcomes',
    value: (r) =>
      `${r.outcomes.renewed} renewed · ${r.outcomes.contracted} contracted · ${r.outcomes.lost} lost`,
  },
  { label: 'ROC AUC, health vs churn (0.5 = chance)', value: (r) => auc(r.auc) },
  ...(['healthy', 'monitor', 'at_risk'] as const).map((band) => ({
    label: `Churn rate, ${BAND_LABEL[band]}`,
    value: (r: BacktestReport) => describeRate(r.bands.find((b) => b.band === band)!),
  })),
  { label: 'Lift, At risk over Healthy', value: (r) => lift(r.liftAtRiskOverHealthy) },
  { label: 'ROC AUC, renewal risk vs churn', value: (r) => auc(r.riskAuc) },
  ...(['low', 'medium', 'high', 'critical'] as const).map((level) => ({
    label: `Churn rate, ${RISK_LABEL[level]} risk`,
    value: (r: BacktestReport) => describeRate(r.riskLevels.find((l) => l.level === level)!),
  })),
  { label: 'Lift, High and Critical risk over Low', value: (r) => lift(r.liftHighRiskOverLow) },
  {
    label: 'At-risk ARR that churned',
    value: (r, currency) =>
      `${formatMoney(r.atRiskArr.churned, currency)} of ${formatMoney(r.atRiskArr.flagged, currency)} flagged At risk (${formatMoney(r.churnedArr, currency)} lost in all)`,
  },
];

/** A report's figures, or "not enough history to judge" with the counts only. */
function cell(report: BacktestReport, row: Row, index: number, currencyCode: CurrencyCode): string {
  if (!report.enoughHistory && index >= 2) return index === 2 ? 'Not enough history to judge' : '—';
  return row.value(report, currencyCode);
}

function ReportTable({
  current,
  proposed,
  currencyCode,
}: {
  current: BacktestReport;
  proposed: BacktestReport | null;
  currencyCode: CurrencyCode;
}) {
  return (
    <Table bordered testId="backtest-table">
      <TableHead>
        <TableRow>
          <TableHeader>Measure</TableHeader>
          <TableHeader>Saved model</TableHeader>
          {proposed ? <TableHeader>Draft</TableHeader> : null}
        </TableRow>
      </TableHead>
      <TableBody>
        {ROWS.map((row, i) => (
          <TableRow key={row.label}>
            <TableCell>{row.label}</TableCell>
            <TableCell>{cell(current, row, i, currencyCode)}</TableCell>
            {proposed ? <TableCell>{cell(proposed, row, i, currencyCode)}</TableCell> : null}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function SuggestedWeights({
  suggestion,
  canApply,
  onApply,
}: {
  suggestion: WeightSuggestion;
  canApply: boolean;
  onApply: () => void;
}) {
  if (!suggestion.enoughHistory) return null;
  const changed = suggestion.groups.some((g) => g.proposed !== g.current);
  return (
    <Flex direction="column" gap="xs" testId="suggested-weights">
      <Heading>Suggested group weights</Heading>
      <Text>
        Fitted to your renewals (regularized logistic regression). Judged on renewals it was not fitted to (
        {suggestion.folds}-fold, by company): AUC {auc(suggestion.outOfFoldAuc)} vs{' '}
        {auc(suggestion.currentAuc)} with the saved weights.
      </Text>
      <Table bordered>
        <TableHead>
          <TableRow>
            <TableHeader>Group</TableHeader>
            <TableHeader>Saved</TableHeader>
            <TableHeader>Suggested</TableHeader>
          </TableRow>
        </TableHead>
        <TableBody>
          {suggestion.groups.map((g) => (
            <TableRow key={g.key}>
              <TableCell>{g.label}</TableCell>
              <TableCell>{formatNumber(g.current)}</TableCell>
              <TableCell>
                {formatNumber(g.proposed)}
                {g.proposed !== g.current
                  ? ` (${g.proposed > g.current ? '+' : '−'}${formatNumber(Math.abs(g.proposed - g.current))})`
                  : ''}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {canApply && changed ? (
        <Flex direction="row" gap="sm" align="center">
          <Button onClick={onApply} testId="apply-suggested-weights">
            Put these weights in the draft
          </Button>
          <Text variant="microcopy">Nothing is saved until you save the settings.</Text>
        </Flex>
      ) : null}
    </Flex>
  );
}

/** The backtest of the saved model, and of the draft side by side while it is edited (debounced). */
export function BacktestPanel({
  api,
  draft,
  candidate,
  canEdit,
  currencyCode,
  onApply,
  previewDelayMs,
}: BacktestPanelProps) {
  const { state, reload } = useAsync(() => api.getBacktest(), 'backtest');
  const isRunning = state.data?.status === 'running';
  useEffect(() => {
    if (!isRunning) return;
    const timer = setTimeout(reload, POLL_MS);
    return () => clearTimeout(timer);
  }, [isRunning, state.requestId, reload]);
  const preview = useBacktestPreview(api, candidate, previewDelayMs);

  const view = state.data;
  return (
    <Flex direction="column" gap="sm" testId="backtest">
      <Heading>Backtest on your renewals</Heading>
      {state.status === 'error' && view === undefined ? (
        <Text testId="backtest-error">Backtest unavailable: {describeError(state.error).text}</Text>
      ) : null}
      {view === undefined && state.status === 'loading' ? (
        <LoadingSpinner label="Loading backtest…" size="sm" />
      ) : null}
      {view?.status === 'running' ? (
        <LoadingSpinner label="Backtesting the model on your closed renewals…" size="sm" />
      ) : null}
      {view?.status === 'ready' ? (
        <>
          <Text>
            Every renewal that closed in the last {view.report.lookbackMonths} months, scored as its company
            stood {view.report.horizonDays} days before it closed, against what happened. Churn = the renewal
            was lost.
          </Text>
          {view.report.notEnoughReason ? (
            <Alert title="Not enough history to judge" variant="info" testId="backtest-not-enough">
              {view.report.notEnoughReason}
            </Alert>
          ) : null}
          <ReportTable
            current={view.report}
            proposed={candidate && preview ? preview.proposed : null}
            currencyCode={currencyCode}
          />
          {candidate && preview === undefined ? (
            <LoadingSpinner label="Backtesting the draft…" size="sm" />
          ) : null}
          <SuggestedWeights
            suggestion={view.suggestion}
            canApply={canEdit}
            onApply={() => onApply(applySuggestion(draft, view.suggestion))}
          />
          <Accordion title="What past scores cannot use" size="sm">
            <Text>{view.report.limits.join(' ')}</Text>
          </Accordion>
        </>
      ) : null}
    </Flex>
  );
}

/** The draft's backtest, debounced; only the latest request may land. */
function useBacktestPreview(
  api: PulseApi,
  candidate: Settings | null,
  delayMs: number,
): BacktestPreview | undefined {
  const [state, dispatch] = useReducer(asyncReducer<BacktestPreview>, {
    status: 'loading',
    requestId: 0,
    data: undefined,
  });
  const lastRequest = useRef(0);
  useEffect(() => {
    if (candidate === null) return;
    const timer = setTimeout(() => {
      lastRequest.current += 1;
      const requestId = lastRequest.current;
      dispatch({ type: 'start', requestId });
      api.previewBacktest({ settings: candidate }).then(
        (data) => dispatch({ type: 'resolve', requestId, data }),
        (error: unknown) => dispatch({ type: 'reject', requestId, error: toApiError(error) }),
      );
    }, delayMs);
    return () => clearTimeout(timer);
  }, [api, candidate, delayMs]);
  return candidate === null || state.status !== 'success' ? undefined : state.data;
}

import { useState } from 'react';
import { Button, Flex, Text } from '@hubspot/ui-extensions';
import type { PortfolioQuery } from '@pulse/shared';
import type { PulseApi } from './api';
import { describeError } from './labels';
import { fetchAllRows, portfolioCsv } from './portfolio-csv';
import { toApiError } from './use-async';

type SaveFile = (file: { name: string; type: string; contents: string }) => void;

/** "Export CSV": every row the filters select (all pages), every column, as a file. */
export function PortfolioExport({
  api,
  query,
  saveFile,
  now,
}: {
  api: PulseApi;
  query: Partial<PortfolioQuery>;
  saveFile: SaveFile;
  now: () => number;
}) {
  const [state, setState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  async function exportCsv() {
    setState({ busy: true, error: null });
    try {
      const { rows, currencyCode } = await fetchAllRows(api, { ...query, cursor: undefined });
      const day = new Date(now()).toISOString().slice(0, 10);
      saveFile({
        name: `pulse-portfolio-${day}.csv`,
        type: 'text/csv;charset=utf-8',
        contents: portfolioCsv(rows, currencyCode),
      });
      setState({ busy: false, error: null });
    } catch (error) {
      const described = describeError(toApiError(error));
      setState({ busy: false, error: `${described.title}. ${described.text}` });
    }
  }
  return (
    <Flex direction="row" gap="sm" align="center">
      {state.error === null ? null : (
        <Text variant="microcopy" testId="export-error">
          Export failed: {state.error}
        </Text>
      )}
      <Button
        size="sm"
        variant="secondary"
        disabled={state.busy}
        onClick={() => void exportCsv()}
        testId="export-csv"
      >
        {state.busy ? 'Exporting…' : 'Export CSV'}
      </Button>
    </Flex>
  );
}

import { Button, ErrorState, Text } from '@hubspot/ui-extensions';
import type { ApiError } from './api';
import { describeError } from './labels';

/** A failed load: friendly text by error code, the request id for support, and a retry. */
export function ErrorView({ error, onRetry }: { error: ApiError; onRetry: () => void }) {
  const { title, text } = describeError(error);
  const type = error.code === 'forbidden' || error.code === 'not_installed' ? 'lock' : 'error';
  return (
    <ErrorState title={title} type={type} testId="error-state">
      <Text>{text}</Text>
      {error.requestId ? <Text variant="microcopy">Reference: {error.requestId}</Text> : null}
      <Button onClick={onRetry} testId="retry">
        Try again
      </Button>
    </ErrorState>
  );
}

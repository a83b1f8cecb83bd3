import { useState } from 'react';
import { Alert, Button, Flex, Heading, Text, Tile } from '@hubspot/ui-extensions';
import type { ApiError, PulseApi } from '../api';
import { describeError } from '../labels';
import { toApiError } from '../use-async';

/**
 * The danger zone (admins only). Disconnecting cannot be undone, so the first click only reveals a
 * confirmation; the API is called from the confirmation alone.
 */
export function DisconnectSection({ api, onDisconnected }: { api: PulseApi; onDisconnected: () => void }) {
  const [isConfirming, setIsConfirming] = useState(false);
  const [isWorking, setIsWorking] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  async function disconnect() {
    setIsWorking(true);
    setError(null);
    try {
      await api.disconnect();
      onDisconnected();
    } catch (e) {
      setError(toApiError(e));
      setIsWorking(false);
    }
  }

  return (
    <Tile testId="section-disconnect">
      <Flex direction="column" gap="sm">
        <Heading>Disconnect Pulse</Heading>
        <Text>
          Uninstalls Pulse from this HubSpot account and permanently deletes all of Pulse&apos;s data for it:
          health scores and their history, renewal risk, NPS, CSM sentiment, these settings and the admin
          list. Your HubSpot records stay as they are, including any scores Pulse wrote to company properties.
        </Text>
        {isConfirming ? (
          <Alert title="Disconnect Pulse and delete its data?" variant="danger" testId="disconnect-confirm">
            This cannot be undone. To use Pulse again you would reinstall it and wait for a full sync.
            <Flex direction="row" gap="sm">
              <Button
                variant="destructive"
                onClick={() => void disconnect()}
                disabled={isWorking}
                testId="disconnect-confirm-yes"
              >
                {isWorking ? 'Disconnecting…' : 'Disconnect and delete data'}
              </Button>
              <Button
                variant="secondary"
                onClick={() => {
                  setIsConfirming(false);
                  setError(null);
                }}
                disabled={isWorking}
                testId="disconnect-cancel"
              >
                Cancel
              </Button>
            </Flex>
          </Alert>
        ) : (
          <Flex direction="row">
            <Button variant="destructive" onClick={() => setIsConfirming(true)} testId="disconnect">
              Disconnect Pulse…
            </Button>
          </Flex>
        )}
        {error ? (
          <Alert
            title={`Pulse was not disconnected: ${describeError(error).title}`}
            variant="error"
            testId="disconnect-error"
          >
            {describeError(error).text}
          </Alert>
        ) : null}
      </Flex>
    </Tile>
  );
}

/** What remains of the settings page once Pulse is disconnected: nothing left to edit. */
export function DisconnectedNotice() {
  return (
    <Alert title="Pulse is disconnected" variant="success" testId="disconnected">
      Pulse is disconnected; all its data for this account has been deleted. Reinstall from the HubSpot
      marketplace to use it again.
    </Alert>
  );
}

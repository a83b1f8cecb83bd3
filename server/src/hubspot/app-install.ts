import { classify, HubSpotApiError, type ResponseMeta } from './retry';
import { AppError } from '../errors';
import { createSdkClient } from './sdk-call';

/**
 * `DELETE /appinstalls/v3/external-install`: uninstalls the app from the portal the access token belongs to
 * (an admin's explicit disconnect). One attempt: the caller deletes its data whatever HubSpot answers.
 */
export const deleteInstall = async (input: { baseUrl: string; accessToken: string }): Promise<void> => {
  const client = createSdkClient(input.baseUrl, input.accessToken);
  let response: Response;
  try {
    response = await client.apiRequest({ method: 'DELETE', path: '/appinstalls/v3/external-install' });
  } catch (error) {
    if (error instanceof AppError) throw error;
    const meta: ResponseMeta = { status: null, headers: {} };
    const outcome = classify(error, meta);
    if (outcome.kind === 'final' && outcome.error instanceof AppError) throw outcome.error;
    // Keep only the status: SDK exceptions echo request details we do not want in logs.
    throw new HubSpotApiError('hubspot_unavailable', 'HubSpot did not complete the uninstall.', null);
  }
  if (response.ok || response.status === 404) return; // 404: already uninstalled
  if (response.status === 401 || response.status === 403) {
    throw new HubSpotApiError(
      'hubspot_auth_failed',
      `HubSpot refused the uninstall (${response.status}).`,
      response.status,
    );
  }
  throw new HubSpotApiError(
    'hubspot_unavailable',
    `HubSpot did not complete the uninstall (${response.status}).`,
    response.status,
  );
};

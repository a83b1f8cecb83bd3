import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '@pulse/views';
import { API_ORIGIN } from '../../extension/src/app/packages/hubspot-api/origin';

const fetch = vi.hoisted(() => vi.fn());
vi.mock('@hubspot/ui-extensions', () => ({ hubspot: { fetch } }));
const { createHubSpotApi } = await import('@pulse/hubspot-api');

const answer = (status: number, body: unknown) => ({ ok: status < 400, status, json: async () => body });

describe('@pulse/hubspot-api', () => {
  beforeEach(() => fetch.mockReset());

  it('calls hubspot.fetch on the generated API origin, with a timeout HubSpot allows', async () => {
    fetch.mockResolvedValue(answer(200, { admins: [], installerUserId: null, canEdit: false }));
    await createHubSpotApi()
      .getAdmins()
      .catch(() => undefined);
    expect(fetch).toHaveBeenCalledTimes(1);
    const [url, init] = fetch.mock.calls[0] ?? [];
    expect(url).toBe(`${API_ORIGIN}/api/v1/admins`);
    expect(init).toMatchObject({ method: 'GET' });
    expect(init.timeout).toBeGreaterThan(0);
    expect(init.timeout).toBeLessThanOrEqual(15_000);
  });

  it('sends JSON object bodies for writes', async () => {
    fetch.mockResolvedValue(answer(200, {}));
    await createHubSpotApi()
      .disconnect()
      .catch(() => undefined);
    expect(fetch).toHaveBeenCalledWith(
      `${API_ORIGIN}/api/v1/disconnect`,
      expect.objectContaining({ method: 'POST', body: {} }),
    );
  });

  it('turns an error answer into the API error the views show', async () => {
    fetch.mockResolvedValue(
      answer(403, { code: 'forbidden', message: 'Only Pulse admins can change settings.', requestId: 'r1' }),
    );
    const error = await createHubSpotApi()
      .getSettings()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      code: 'forbidden',
      message: 'Only Pulse admins can change settings.',
      status: 403,
    });
  });
});

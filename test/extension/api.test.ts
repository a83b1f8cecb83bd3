import { describe, expect, it, vi } from 'vitest';
import { ApiError, createPulseApi, type FetchLike } from '@pulse/views';
import { buildPortfolioView, buildReadyView, buildSettingsView, buildSyncStatus } from './fixtures';

function respond(status: number, body: unknown) {
  return { ok: status >= 200 && status < 300, status, json: async () => body };
}

function apiWith(handler: FetchLike) {
  const fetch = vi.fn(handler);
  return { fetch, api: createPulseApi({ fetch, baseUrl: 'https://pulse.example.com/' }) };
}

describe('createPulseApi', () => {
  it('GETs the company health from our origin and returns the parsed view', async () => {
    const view = buildReadyView();
    const { fetch, api } = apiWith(async () => respond(200, view));
    await expect(api.getCompanyHealth('12 34')).resolves.toEqual(view);
    expect(fetch).toHaveBeenCalledWith(
      'https://pulse.example.com/api/v1/companies/12%2034/health',
      expect.objectContaining({ method: 'GET' }),
    );
    expect(fetch.mock.calls[0]![1].timeout).toBeLessThanOrEqual(15_000);
  });

  it('sends portfolio filters as a query string, leaving out empty ones', async () => {
    const { fetch, api } = apiWith(async () => respond(200, buildPortfolioView()));
    await api.getPortfolio({
      owner: 'me',
      band: 'at_risk',
      sort: 'renewalDate',
      order: 'desc',
      cursor: undefined,
      limit: 25,
    });
    expect(fetch.mock.calls[0]![0]).toBe(
      'https://pulse.example.com/api/v1/portfolio?owner=me&band=at_risk&sort=renewalDate&order=desc&limit=25',
    );
  });

  it('PUTs JSON bodies for writes', async () => {
    const settings = buildSettingsView();
    const { fetch, api } = apiWith(async () => respond(200, settings));
    await api.saveSettings({ settings: settings.settings, expectedVersion: 3 });
    expect(fetch.mock.calls[0]![1]).toMatchObject({
      method: 'PUT',
      body: { settings: settings.settings, expectedVersion: 3 },
    });

    fetch.mockResolvedValueOnce(respond(200, buildSyncStatus({ state: 'running' })));
    await expect(api.syncNow()).resolves.toMatchObject({ state: 'running' });
    expect(fetch.mock.calls[1]).toEqual([
      'https://pulse.example.com/api/v1/sync',
      expect.objectContaining({ method: 'POST', body: { full: false } }),
    ]);
  });

  it('turns our error body into an ApiError with code, message, request id and field errors', async () => {
    const { api } = apiWith(async () =>
      respond(422, {
        code: 'validation_failed',
        message: 'settings are invalid',
        requestId: 'req-1',
        fields: [{ path: 'scoring.bands.healthy', message: 'healthy (30) must be above monitor (40)' }],
      }),
    );
    const error = await api
      .saveSettings({ settings: buildSettingsView().settings, expectedVersion: 1 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      code: 'validation_failed',
      message: 'settings are invalid',
      requestId: 'req-1',
      status: 422,
      fields: [{ path: 'scoring.bands.healthy', message: 'healthy (30) must be above monitor (40)' }],
    });
  });

  it('falls back on the HTTP status when the error body is not ours', async () => {
    const { api } = apiWith(async () => ({
      ok: false,
      status: 429,
      json: async () => Promise.reject(new SyntaxError('Unexpected token <')),
    }));
    await expect(api.getSettings()).rejects.toMatchObject({ code: 'rate_limited', status: 429 });
  });

  it('reports a network failure or timeout as code "network"', async () => {
    const { api } = apiWith(async () => Promise.reject(new Error('Request timed out after 7000ms')));
    await expect(api.getSyncStatus()).rejects.toMatchObject({
      code: 'network',
      message: expect.stringContaining('timed out'),
    });
  });

  it('rejects a 200 answer that does not match the contract, naming the field', async () => {
    const view = buildReadyView();
    const broken = { ...view, syncedAt: 'yesterday' };
    const { api } = apiWith(async () => respond(200, broken));
    await expect(api.getCompanyHealth('1')).rejects.toMatchObject({
      code: 'bad_response',
      message: expect.stringContaining('syncedAt'),
    });
  });
});

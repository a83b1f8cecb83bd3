import { z } from 'zod';
import {
  ZCompanyHealthView,
  type CompanyHealthView,
  type SetSentimentRequest,
  ZErrorBody,
  type ErrorCode,
  ZPortfolioView,
  type PortfolioQuery,
  type PortfolioView,
  ZAdminsView,
  ZDisconnectResult,
  ZPortalUsers,
  type PortalUsers,
  ZRecomputeStatus,
  ZSettingsPreview,
  ZSettingsView,
  type RecomputeStatus,
  type AdminsRequest,
  type AdminsView,
  type DisconnectResult,
  type SettingsPreview,
  type SettingsView,
  type UpdateSettingsRequest,
  ZSyncStatus,
  type SyncStatus,
  type Settings,
  ZBacktestPreview,
  ZBacktestView,
  type BacktestPreview,
  type BacktestView,
} from '@pulse/shared';

/**
 * The ONE module of the views that talks to our API. In HubSpot `fetch` is `hubspot.fetch` (which signs the
 * request and adds portalId/userId); in the web host it is a thin wrapper over the browser's fetch.
 */
export type FetchLike = (
  url: string,
  init: { method?: string; body?: unknown; timeout?: number },
) => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>;

/** Our API's codes, plus two that only the client can observe. */
export type ApiErrorCode = ErrorCode | 'network' | 'bad_response';
export type FieldError = { path: string; message: string };

export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly fields: FieldError[] | undefined;
  readonly requestId: string | undefined;
  readonly status: number | undefined;
  constructor(
    code: ApiErrorCode,
    message: string,
    options: { fields?: FieldError[]; requestId?: string; status?: number } = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.fields = options.fields;
    this.requestId = options.requestId;
    this.status = options.status;
  }
}

export type PulseApi = {
  getCompanyHealth(companyId: string): Promise<CompanyHealthView>;
  /** Saves the CSM's sentiment; the server re-scores the company and answers with the fresh card view. */
  setSentiment(companyId: string, body: SetSentimentRequest): Promise<CompanyHealthView>;
  getPortfolio(query: Partial<PortfolioQuery>): Promise<PortfolioView>;
  getSettings(): Promise<SettingsView>;
  saveSettings(body: UpdateSettingsRequest): Promise<SettingsView>;
  previewSettings(body: { settings: Settings }): Promise<SettingsPreview>;
  /** The saved model's backtest on the account's renewals ("running" until computed). */
  getBacktest(): Promise<BacktestView>;
  /** The saved model's backtest next to a draft's. */
  previewBacktest(body: { settings: Settings }): Promise<BacktestPreview>;
  /** The recompute a save started: progress, then how many companies changed band and risk level. */
  getRecomputeStatus(): Promise<RecomputeStatus>;
  getSyncStatus(): Promise<SyncStatus>;
  syncNow(): Promise<SyncStatus>;
  /** The portal's users by name (admins are picked from them). */
  getUsers(): Promise<PortalUsers>;
  /** Who may change settings: the installing user plus the listed users (read by everyone). */
  getAdmins(): Promise<AdminsView>;
  /** Replaces the listed admins (admins only); answers with the stored list. */
  saveAdmins(body: AdminsRequest): Promise<AdminsView>;
  /** Uninstalls Pulse from this HubSpot account and deletes all its data for it (admins only). */
  disconnect(): Promise<DisconnectResult>;
};

/** hubspot.fetch allows 15 s; leave room for its one automatic retry on reads. */
const READ_TIMEOUT_MS = 7_000;
const WRITE_TIMEOUT_MS = 14_000;

/** When the body is not ours (a proxy's HTML 502, say), the status still says roughly what happened. */
function codeForStatus(status: number): ErrorCode {
  if (status === 400) return 'bad_request';
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 413) return 'payload_too_large';
  if (status === 422) return 'validation_failed';
  if (status === 429) return 'rate_limited';
  if (status === 502 || status === 503 || status === 504) return 'hubspot_unavailable';
  return 'internal';
}

function toQueryString(query: Partial<PortfolioQuery>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

export function createPulseApi({ fetch, baseUrl }: { fetch: FetchLike; baseUrl: string }): PulseApi {
  const root = baseUrl.replace(/\/+$/, '');

  async function call<T>(
    schema: z.ZodType<T>,
    path: string,
    init: { method?: 'GET' | 'POST' | 'PUT'; body?: unknown; timeout?: number } = {},
  ): Promise<T> {
    const method = init.method ?? 'GET';
    let response: Awaited<ReturnType<FetchLike>>;
    try {
      response = await fetch(`${root}${path}`, {
        method,
        timeout: init.timeout ?? (method === 'GET' ? READ_TIMEOUT_MS : WRITE_TIMEOUT_MS),
        ...(init.body === undefined ? {} : { body: init.body }),
      });
    } catch (cause) {
      const detail = cause instanceof Error ? cause.message : String(cause);
      throw new ApiError('network', `Could not reach Pulse (${detail}).`);
    }
    const json: unknown = await response.json().catch(() => undefined);
    if (!response.ok) {
      const body = ZErrorBody.safeParse(json);
      if (body.success) {
        throw new ApiError(body.data.code, body.data.message, {
          fields: body.data.fields,
          requestId: body.data.requestId,
          status: response.status,
        });
      }
      throw new ApiError(codeForStatus(response.status), `Pulse answered HTTP ${response.status}.`, {
        status: response.status,
      });
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      const where = first ? `${first.path.join('.') || '(root)'}: ${first.message}` : 'unknown';
      throw new ApiError(
        'bad_response',
        `Pulse sent an answer this version cannot read (${method} ${path} → ${where}).`,
        {
          status: response.status,
        },
      );
    }
    return parsed.data;
  }

  const company = (companyId: string) => `/api/v1/companies/${encodeURIComponent(companyId)}`;
  return {
    getCompanyHealth: (companyId) => call(ZCompanyHealthView, `${company(companyId)}/health`),
    setSentiment: (companyId, body) =>
      call(ZCompanyHealthView, `${company(companyId)}/sentiment`, { method: 'PUT', body }),
    getPortfolio: (query) => call(ZPortfolioView, `/api/v1/portfolio${toQueryString(query)}`),
    getSettings: () => call(ZSettingsView, '/api/v1/settings'),
    saveSettings: (body) => call(ZSettingsView, '/api/v1/settings', { method: 'PUT', body }),
    previewSettings: (body) => call(ZSettingsPreview, '/api/v1/settings/preview', { method: 'POST', body }),
    getBacktest: () => call(ZBacktestView, '/api/v1/backtest'),
    previewBacktest: (body) => call(ZBacktestPreview, '/api/v1/backtest/preview', { method: 'POST', body }),
    getRecomputeStatus: () => call(ZRecomputeStatus, '/api/v1/settings/recompute'),
    getSyncStatus: () => call(ZSyncStatus, '/api/v1/sync'),
    syncNow: () => call(ZSyncStatus, '/api/v1/sync', { method: 'POST', body: { full: false } }),
    getUsers: () => call(ZPortalUsers, '/api/v1/users'),
    getAdmins: () => call(ZAdminsView, '/api/v1/admins'),
    saveAdmins: (body) => call(ZAdminsView, '/api/v1/admins', { method: 'PUT', body }),
    disconnect: () => call(ZDisconnectResult, '/api/v1/disconnect', { method: 'POST', body: {} }),
  };
}

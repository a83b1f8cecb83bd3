// One request through the sandbox, in HubSpot's order: OAuth endpoints (no bearer token), then authentication,
// the route, the portal's rate limits, injected faults, the handler, and a truncated body if faults say so.
import type { RouteContext } from './routes/route-context';
import { matchRoute, type Route } from './routes/route-table';
import type { FaultInjector } from './fault-injector';
import { hubspotError, json, SandboxHttpError } from './hubspot-responses';
import type { OAuthEnv } from './oauth/oauth-env';
import { handleOAuth } from './oauth/router';
import type { PortalState } from './portal-state';
import type { RollingWindowLimiter } from './rolling-window-limiter';
import type { SandboxAccount } from './sandbox-dataset';
import { missingScopesResponse, unmetRule } from './scopes';
import { countCall, type SandboxStats } from './stats';

export type SandboxPortal = {
  state: PortalState;
  /** what account-info reports */
  account: SandboxAccount;
  /** scopes the account cannot grant */
  ungrantable: ReadonlySet<string>;
  limiter: RollingWindowLimiter;
  searchLimiter: RollingWindowLimiter;
  stats: SandboxStats;
};

export type SandboxEnv = {
  clock: () => number;
  correlationId: () => string;
  faults: FaultInjector;
  limits: { perTenSeconds: number; searchPerSecond: number } | null;
  portals: Map<number, SandboxPortal>;
  oauth: OAuthEnv;
  /** calls made without a valid token (OAuth endpoints, 401s) */
  unauthenticated: { stats: SandboxStats };
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function rateLimitHeaders(env: SandboxEnv, p: SandboxPortal): Record<string, string> {
  return env.limits === null
    ? {}
    : {
        'X-HubSpot-RateLimit-Max': String(env.limits.perTenSeconds),
        'X-HubSpot-RateLimit-Remaining': String(p.limiter.remaining(env.clock())),
        'X-HubSpot-RateLimit-Interval-Milliseconds': '10000',
      };
}

function tooManyRequests(
  env: SandboxEnv,
  policy: 'TEN_SECONDLY_ROLLING' | 'SECONDLY',
  headers: Record<string, string>,
): Response {
  return json(
    429,
    {
      status: 'error',
      message: `You have reached your ${policy === 'SECONDLY' ? 'secondly' : 'ten_secondly_rolling'} limit.`,
      errorType: 'RATE_LIMIT',
      correlationId: env.correlationId(),
      policyName: policy,
    },
    headers,
  );
}

/** The portal's budget (search has its own, without headers); a 429 when it is spent. */
function rateLimited(env: SandboxEnv, p: SandboxPortal, isSearch: boolean): Response | null {
  if (env.limits === null) return null;
  const limiter = isSearch ? p.searchLimiter : p.limiter;
  if (limiter.tryTake(env.clock())) return null;
  p.stats.rateLimited++;
  return tooManyRequests(
    env,
    isSearch ? 'SECONDLY' : 'TEN_SECONDLY_ROLLING',
    isSearch ? {} : rateLimitHeaders(env, p),
  );
}

/** A seeded fault for this request (slow, 429, JSON 5xx, HTML 502), or null to answer normally. */
async function injectedFault(
  env: SandboxEnv,
  p: SandboxPortal,
  isSearch: boolean,
  headers: Record<string, string>,
): Promise<Response | null> {
  const decision = env.faults.decide();
  if (env.faults.slowMs > 0) await sleep(env.faults.slowMs);
  if (decision.kind === 'none') return null;
  p.stats.faults++;
  if (decision.kind === 'rate-limit') {
    p.stats.rateLimited++;
    return tooManyRequests(env, isSearch ? 'SECONDLY' : 'TEN_SECONDLY_ROLLING', headers);
  }
  if (decision.kind === 'error-html') {
    return new Response('<html><body><h1>502 Bad Gateway</h1></body></html>', {
      status: 502,
      headers: { 'content-type': 'text/html' },
    });
  }
  return hubspotError(decision.status, 'INTERNAL_ERROR', 'internal error', env.correlationId());
}

/** HubSpot's 403 MISSING_SCOPES when the token lacks a scope the endpoint needs (counted like any call). */
function forbidden(
  env: SandboxEnv,
  p: SandboxPortal,
  route: Route,
  scopes: readonly string[],
): Response | null {
  const rule = unmetRule(route.scopes, new Set(scopes));
  if (rule === null) return null;
  p.stats.forbidden++;
  return missingScopesResponse(rule, env.correlationId());
}

async function truncated(response: Response): Promise<Response> {
  const text = await response.text();
  return new Response(text.slice(0, Math.max(1, Math.floor(text.length * 0.6))), {
    status: response.status,
    headers: response.headers,
  });
}

async function handleCrm(env: SandboxEnv, request: Request, url: URL, path: string, method: string) {
  const matched = matchRoute(method, path);
  const key = matched?.route.key ?? `${method} (unknown route)`;
  const auth = env.oauth.store.authenticate(request.headers.get('authorization'));
  if (!auth.ok) {
    countCall(env.unauthenticated.stats, key);
    return hubspotError(401, auth.category, auth.message, env.correlationId());
  }
  const p = env.portals.get(auth.portalId);
  if (!p) throw new Error(`sandbox: portal ${auth.portalId} is not configured`);
  countCall(p.stats, key);
  if (!matched)
    return hubspotError(404, 'OBJECT_NOT_FOUND', `No route for ${method} ${path}`, env.correlationId());
  const isSearch = matched.route.kind === 'search';
  const headers = isSearch ? {} : rateLimitHeaders(env, p);
  const refused =
    rateLimited(env, p, isSearch) ??
    withHeaders(forbidden(env, p, matched.route, auth.info.scopes), headers) ??
    (await injectedFault(env, p, isSearch, headers));
  if (refused) return refused;
  const ctx: RouteContext = {
    request,
    url,
    params: matched.params,
    portal: p.state,
    account: p.account,
    faults: env.faults,
    clock: env.clock,
    correlationId: env.correlationId,
    revokePortal: () => env.oauth.store.revokePortal(auth.portalId),
  };
  let response: Response;
  try {
    response = await matched.route.run(ctx);
  } catch (error) {
    if (!(error instanceof SandboxHttpError)) throw error;
    response = hubspotError(error.status, error.category, error.message, env.correlationId(), error.extra);
  }
  if (matched.route.kind !== 'other' && response.status < 300 && env.faults.shouldTruncate()) {
    p.stats.faults++;
    response = await truncated(response);
  }
  return withHeaders(response, headers);
}

function withHeaders<R extends Response | null>(response: R, headers: Record<string, string>): R {
  if (response) for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export async function handleRequest(env: SandboxEnv, request: Request): Promise<Response> {
  const url = new URL(request.url);
  const path = url.pathname.replace(/\/+$/, '') || '/';
  const method = request.method.toUpperCase();
  try {
    const oauth = await handleOAuth(env.oauth, request, url, path, [...env.portals.keys()]);
    if (oauth) {
      countCall(env.unauthenticated.stats, oauth.key);
      return oauth.response;
    }
    return await handleCrm(env, request, url, path, method);
  } catch (error) {
    if (error instanceof SandboxHttpError)
      return hubspotError(error.status, error.category, error.message, env.correlationId(), error.extra);
    return hubspotError(
      500,
      'INTERNAL_ERROR',
      `sandbox failure: ${(error as Error).message}`,
      env.correlationId(),
    );
  }
}

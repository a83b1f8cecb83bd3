import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { matchRoute, OBJECT_TYPE_ALIASES, type RouteContext } from './crm-routes';
import { createFaultInjector, type SandboxFaults } from './fault-injector';
import { hubspotError, json, SandboxHttpError } from './hubspot-responses';
import { createOAuthState, type SandboxOAuthOptions } from './oauth-state';
import {
  createPortalState,
  type AssociationInput,
  type PortalState,
  type SandboxWrite,
} from './portal-state';
import { createRollingWindowLimiter, type RollingWindowLimiter } from './rolling-window-limiter';
import type { SandboxDataset, SandboxObjectType, SandboxRecord } from './sandbox-dataset';
import { createSeededRandom } from './seeded-random';

export type SandboxPortalOptions = { portalId: number; dataset: SandboxDataset; accessTokens?: string[] };

export type SandboxOptions = {
  portals: SandboxPortalOptions[];
  /** HubSpot's limits for OAuth apps by default; `false` switches enforcement off. */
  rateLimit?: { perTenSeconds?: number; searchPerSecond?: number } | false;
  oauth?: SandboxOAuthOptions;
  /** Epoch ms; drives rate-limit windows, token expiry and modification dates. */
  clock?: () => number;
  /** Seeds tokens, correlation ids and fault sequences. */
  seed?: number;
};

export type SandboxStats = {
  total: number;
  byEndpoint: Record<string, number>;
  rateLimited: number;
  faults: number;
};

export type SandboxServer = { url: string; close(): Promise<void> };

export type Sandbox = {
  handle(request: Request): Promise<Response>;
  listen(port?: number, host?: string): Promise<SandboxServer>;
  stats(portalId?: number): SandboxStats;
  resetStats(): void;
  faults: { set(faults: SandboxFaults): void; clear(): void };
  oauth: { issueCode(portalId: number, scopes: string[]): string; revoke(portalId: number): void };
  update(
    portalId: number,
    objectType: SandboxObjectType,
    id: string,
    properties: Record<string, string | null>,
  ): SandboxRecord;
  create(
    portalId: number,
    objectType: SandboxObjectType,
    record: { properties: Record<string, string | null> },
    associations?: AssociationInput[],
  ): SandboxRecord;
  archive(portalId: number, objectType: SandboxObjectType, id: string): SandboxRecord;
  associate(
    portalId: number,
    fromType: SandboxObjectType,
    fromId: string,
    toType: SandboxObjectType,
    toId: string,
    options?: { primary?: boolean },
  ): void;
  /** The portal's live data (the sandbox's own copy; read it, mutate through the methods above). */
  dataset(portalId: number): SandboxDataset;
  /** Every property value written through the API (batch update), oldest first. */
  writes(portalId: number): SandboxWrite[];
};

type Portal = {
  state: PortalState;
  limiter: RollingWindowLimiter;
  searchLimiter: RollingWindowLimiter;
  stats: SandboxStats;
};

const emptyStats = (): SandboxStats => ({ total: 0, byEndpoint: {}, rateLimited: 0, faults: 0 });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createSandbox(options: SandboxOptions): Sandbox {
  const clock = options.clock ?? Date.now;
  const seed = options.seed ?? 1;
  const random = createSeededRandom(seed);
  const faults = createFaultInjector(seed ^ 0x5eed);
  const limits =
    options.rateLimit === false
      ? null
      : {
          perTenSeconds: options.rateLimit?.perTenSeconds ?? 110,
          searchPerSecond: options.rateLimit?.searchPerSecond ?? 5,
        };
  const correlationId = () =>
    `${random.hex(8)}-${random.hex(4)}-4${random.hex(3)}-a${random.hex(3)}-${random.hex(12)}`;

  const portals = new Map<number, Portal>();
  for (const p of options.portals) {
    if (!Number.isInteger(p.portalId) || p.portalId <= 0)
      throw new Error(`createSandbox: portalId must be a positive integer (got ${p.portalId})`);
    if (portals.has(p.portalId)) throw new Error(`createSandbox: portal ${p.portalId} is listed twice`);
    portals.set(p.portalId, {
      state: createPortalState(p.portalId, p.dataset, clock),
      limiter: createRollingWindowLimiter(limits?.perTenSeconds ?? Infinity, 10_000),
      searchLimiter: createRollingWindowLimiter(limits?.searchPerSecond ?? Infinity, 1_000),
      stats: emptyStats(),
    });
  }
  let unauthenticated = emptyStats();

  const portal = (portalId: number): Portal => {
    const found = portals.get(portalId);
    if (!found) throw new Error(`sandbox: portal ${portalId} is not configured`);
    return found;
  };
  const checkType = (objectType: string): SandboxObjectType => {
    const type = OBJECT_TYPE_ALIASES[objectType];
    if (!type) throw new Error(`sandbox: unknown object type ${objectType}`);
    return type;
  };

  const oauth = createOAuthState({
    oauth: options.oauth,
    random,
    clock,
    correlationId,
    hasPortal: (id) => portals.has(id),
    portalInfo: (id) => {
      const owner = portals.get(id)?.state.data.owners[0];
      return {
        user: owner?.email ?? 'admin@pulse-demo.example',
        userId: owner?.userId ?? 1,
        hubDomain: `portal-${id}.example.com`,
      };
    },
    appId: 1_000_000 + (seed % 1_000_000),
  });
  for (const p of options.portals)
    for (const token of p.accessTokens ?? []) oauth.addStaticToken(token, p.portalId);

  const count = (stats: SandboxStats, key: string) => {
    stats.total++;
    stats.byEndpoint[key] = (stats.byEndpoint[key] ?? 0) + 1;
  };

  const rateLimitHeaders = (p: Portal): Record<string, string> =>
    limits === null
      ? {}
      : {
          'X-HubSpot-RateLimit-Max': String(limits.perTenSeconds),
          'X-HubSpot-RateLimit-Remaining': String(p.limiter.remaining(clock())),
          'X-HubSpot-RateLimit-Interval-Milliseconds': '10000',
        };

  const tooManyRequests = (policy: 'TEN_SECONDLY_ROLLING' | 'SECONDLY', headers: Record<string, string>) =>
    json(
      429,
      {
        status: 'error',
        message: `You have reached your ${policy === 'SECONDLY' ? 'secondly' : 'ten_secondly_rolling'} limit.`,
        errorType: 'RATE_LIMIT',
        correlationId: correlationId(),
        policyName: policy,
      },
      headers,
    );

  async function handleOAuth(method: string, path: string, request: Request): Promise<Response | null> {
    if (method === 'POST' && (path === '/oauth/v1/token' || path === '/oauth/v3/token'))
      return oauth.token(request);
    const tokenInfo = /^\/oauth\/v1\/(access|refresh)-tokens\/([^/]+)$/.exec(path);
    if (!tokenInfo) return null;
    const token = decodeURIComponent(tokenInfo[2] as string);
    if (method === 'GET')
      return tokenInfo[1] === 'access' ? oauth.accessTokenInfo(token) : oauth.refreshTokenInfo(token);
    if (method === 'DELETE' && tokenInfo[1] === 'refresh') return oauth.deleteRefreshToken(token);
    return null;
  }

  async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const method = request.method.toUpperCase();
    try {
      const oauthResponse = await handleOAuth(method, path, request);
      if (oauthResponse) {
        count(unauthenticated, `${method} ${path.replace(/-tokens\/.+$/, '-tokens/{token}')}`);
        return oauthResponse;
      }
      const matched = matchRoute(method, path);
      const key = matched?.route.key ?? `${method} (unknown route)`;
      const auth = oauth.authenticate(request.headers.get('authorization'));
      if (!auth.ok) {
        count(unauthenticated, key);
        return hubspotError(401, auth.category, auth.message, correlationId());
      }
      const p = portal(auth.portalId);
      count(p.stats, key);
      if (!matched)
        return hubspotError(404, 'OBJECT_NOT_FOUND', `No route for ${method} ${path}`, correlationId());

      const isSearch = matched.route.kind === 'search';
      const headers = isSearch ? {} : rateLimitHeaders(p);
      if (limits !== null) {
        const limiter = isSearch ? p.searchLimiter : p.limiter;
        if (!limiter.tryTake(clock())) {
          p.stats.rateLimited++;
          return tooManyRequests(
            isSearch ? 'SECONDLY' : 'TEN_SECONDLY_ROLLING',
            isSearch ? {} : { ...rateLimitHeaders(p) },
          );
        }
      }
      const decision = faults.decide();
      if (faults.slowMs > 0) await sleep(faults.slowMs);
      if (decision.kind !== 'none') {
        p.stats.faults++;
        if (decision.kind === 'rate-limit') {
          p.stats.rateLimited++;
          return tooManyRequests(isSearch ? 'SECONDLY' : 'TEN_SECONDLY_ROLLING', headers);
        }
        if (decision.kind === 'error-html') {
          return new Response('<html><body><h1>502 Bad Gateway</h1></body></html>', {
            status: 502,
            headers: { 'content-type': 'text/html' },
          });
        }
        return hubspotError(decision.status, 'INTERNAL_ERROR', 'internal error', correlationId());
      }

      const ctx: RouteContext = {
        request,
        url,
        params: matched.params,
        portal: p.state,
        faults,
        clock,
        correlationId,
        revokePortal: () => oauth.revoke(auth.portalId),
      };
      let response: Response;
      try {
        response = await matched.route.run(ctx);
      } catch (error) {
        if (!(error instanceof SandboxHttpError)) throw error;
        response = hubspotError(error.status, error.category, error.message, correlationId(), error.extra);
      }
      if (matched.route.kind !== 'other' && response.status < 300 && faults.shouldTruncate()) {
        p.stats.faults++;
        const text = await response.text();
        response = new Response(text.slice(0, Math.max(1, Math.floor(text.length * 0.6))), {
          status: response.status,
          headers: response.headers,
        });
      }
      for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
      return response;
    } catch (error) {
      if (error instanceof SandboxHttpError)
        return hubspotError(error.status, error.category, error.message, correlationId(), error.extra);
      return hubspotError(
        500,
        'INTERNAL_ERROR',
        `sandbox failure: ${(error as Error).message}`,
        correlationId(),
      );
    }
  }

  return {
    handle,
    listen: (port = 0, host = '127.0.0.1') => listen(handle, port, host),
    stats(portalId) {
      if (portalId !== undefined) return structuredClone(portal(portalId).stats);
      const total = structuredClone(unauthenticated);
      for (const p of portals.values()) {
        total.total += p.stats.total;
        total.rateLimited += p.stats.rateLimited;
        total.faults += p.stats.faults;
        for (const [key, n] of Object.entries(p.stats.byEndpoint))
          total.byEndpoint[key] = (total.byEndpoint[key] ?? 0) + n;
      }
      return total;
    },
    resetStats() {
      unauthenticated = emptyStats();
      for (const p of portals.values()) p.stats = emptyStats();
    },
    faults: { set: (f) => faults.set(f), clear: () => faults.clear() },
    oauth: {
      issueCode: (portalId, scopes) => oauth.issueCode(portalId, scopes),
      revoke: (portalId) => {
        portal(portalId);
        oauth.revoke(portalId);
      },
    },
    update: (portalId, objectType, id, properties) =>
      portal(portalId).state.update(checkType(objectType), id, properties),
    create: (portalId, objectType, record, associations) =>
      portal(portalId).state.create(checkType(objectType), record.properties, associations),
    archive: (portalId, objectType, id) => portal(portalId).state.archive(checkType(objectType), id),
    associate: (portalId, fromType, fromId, toType, toId, opts) =>
      portal(portalId).state.associate(
        checkType(fromType),
        fromId,
        checkType(toType),
        toId,
        opts?.primary ?? false,
      ),
    dataset: (portalId) => portal(portalId).state.data,
    writes: (portalId) => [...portal(portalId).state.writes],
  };
}

/** A minimal node:http adapter: the whole request body in, the whole Response out. */
function listen(
  handle: (request: Request) => Promise<Response>,
  port: number,
  host: string,
): Promise<SandboxServer> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        try {
          const headers = new Headers();
          for (const [name, value] of Object.entries(req.headers)) {
            if (Array.isArray(value)) for (const v of value) headers.append(name, v);
            else if (value !== undefined) headers.set(name, value);
          }
          const method = req.method ?? 'GET';
          const body = method === 'GET' || method === 'HEAD' ? undefined : Buffer.concat(chunks);
          const response = await handle(
            new Request(`http://${req.headers.host ?? `${host}:${port}`}${req.url ?? '/'}`, {
              method,
              headers,
              body,
            }),
          );
          const out = Buffer.from(await response.arrayBuffer());
          res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
          res.end(out);
        } catch (error) {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(`sandbox adapter failure: ${(error as Error).message}`);
        }
      })();
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address() as AddressInfo;
      const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve({
        url: `http://${shownHost}:${address.port}`,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((error) => (error ? fail(error) : done()));
            server.closeAllConnections();
          }),
      });
    });
  });
}

import { crmObjectTypeOf, type CrmObjectType } from '@pulse/shared';
import { createFaultInjector, type SandboxFaults } from './fault-injector';
import { listen, type SandboxServer } from './node-adapter';
import { authorize, installFromHubSpot, parseAuthorizeUrl, type AuthorizeOutcome } from './oauth/authorize';
import type { OAuthEnv, SandboxOAuthOptions } from './oauth/oauth-env';
import { createTokenStore } from './oauth/token-store';
import { createPortalState, type AssociationInput, type SandboxWrite } from './portal-state';
import { handleRequest, type SandboxEnv, type SandboxPortal } from './request-handler';
import { createRollingWindowLimiter } from './rolling-window-limiter';
import type { SandboxAccount, SandboxDataset, SandboxRecord } from './sandbox-dataset';
import { ALL_SCOPES } from './scopes';
import { createSeededRandom, type SeededRandom } from './seeded-random';
import { addStats, emptyStats, type SandboxStats } from './stats';

export type { SandboxServer } from './node-adapter';
export type { SandboxStats } from './stats';

export type SandboxPortalOptions = {
  portalId: number;
  dataset: SandboxDataset;
  /** static (private-app) tokens for this portal */
  accessTokens?: string[];
  /** the private app's scopes (default: every scope the sandbox knows), less those the account cannot grant */
  privateAppScopes?: string[];
  /**
   * Scopes the account cannot grant because it lacks the product, e.g. `crm.objects.feedback_submissions.read`
   * without Service Hub Professional, or `tickets`: a required one fails the install, an optional one is left out.
   */
  ungrantableScopes?: string[];
  /** account-info overrides (the dataset's account settings otherwise) */
  account?: Partial<SandboxAccount>;
};

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

export type Sandbox = {
  handle(request: Request): Promise<Response>;
  listen(port?: number, host?: string): Promise<SandboxServer>;
  stats(portalId?: number): SandboxStats;
  resetStats(): void;
  faults: { set(faults: SandboxFaults): void; clear(): void };
  oauth: {
    /** A code for exactly these scopes, as if consent had been given (no checks): a test shortcut. */
    issueCode(portalId: number, scopes: string[]): string;
    /** HubSpot's consent step for the authorize URL a client built, with the user installing into `portalId`. */
    authorize(authorizeUrl: string, options: { portalId: number }): AuthorizeOutcome;
    /** An install started from HubSpot (listing button, install URL): the app's declared scopes, no `state`. */
    installFromHubSpot(portalId: number): AuthorizeOutcome;
    /** Uninstall: every OAuth token of the portal stops working. */
    revoke(portalId: number): void;
  };
  update(
    portalId: number,
    objectType: CrmObjectType,
    id: string,
    properties: Record<string, string | null>,
  ): SandboxRecord;
  create(
    portalId: number,
    objectType: CrmObjectType,
    record: { properties: Record<string, string | null> },
    associations?: AssociationInput[],
  ): SandboxRecord;
  archive(portalId: number, objectType: CrmObjectType, id: string): SandboxRecord;
  associate(
    portalId: number,
    fromType: CrmObjectType,
    fromId: string,
    toType: CrmObjectType,
    toId: string,
    options?: { primary?: boolean },
  ): void;
  /** The portal's live data (the sandbox's own copy; read it, mutate through the methods above). */
  dataset(portalId: number): SandboxDataset;
  /** Every property value written through the API (batch update), oldest first. */
  writes(portalId: number): SandboxWrite[];
};

function limitsOf(options: SandboxOptions): SandboxEnv['limits'] {
  if (options.rateLimit === false) return null;
  return {
    perTenSeconds: options.rateLimit?.perTenSeconds ?? 110,
    searchPerSecond: options.rateLimit?.searchPerSecond ?? 5,
  };
}

function createPortals(
  options: SandboxOptions,
  clock: () => number,
  limits: SandboxEnv['limits'],
): Map<number, SandboxPortal> {
  const portals = new Map<number, SandboxPortal>();
  for (const p of options.portals) {
    if (!Number.isInteger(p.portalId) || p.portalId <= 0)
      throw new Error(`createSandbox: portalId must be a positive integer (got ${p.portalId})`);
    if (portals.has(p.portalId)) throw new Error(`createSandbox: portal ${p.portalId} is listed twice`);
    portals.set(p.portalId, {
      state: createPortalState(p.portalId, p.dataset, clock),
      account: { ...p.dataset.account, ...p.account },
      ungrantable: new Set(p.ungrantableScopes ?? []),
      limiter: createRollingWindowLimiter(limits?.perTenSeconds ?? Infinity, 10_000),
      searchLimiter: createRollingWindowLimiter(limits?.searchPerSecond ?? Infinity, 1_000),
      stats: emptyStats(),
    });
  }
  return portals;
}

function createOAuthEnv(
  options: SandboxOptions,
  portals: Map<number, SandboxPortal>,
  random: SeededRandom,
  clock: () => number,
  correlationId: () => string,
): OAuthEnv {
  const seed = options.seed ?? 1;
  const store = createTokenStore(random, clock);
  for (const p of options.portals) {
    const cannot = new Set(p.ungrantableScopes ?? []);
    const scopes = (p.privateAppScopes ?? ALL_SCOPES).filter((s) => !cannot.has(s));
    for (const token of p.accessTokens ?? []) store.addStaticToken(token, p.portalId, scopes);
  }
  return {
    store,
    app: options.oauth,
    appId: 1_000_000 + (seed % 1_000_000),
    correlationId,
    clock,
    hasPortal: (id) => portals.has(id),
    ungrantable: (id) => portals.get(id)?.ungrantable ?? new Set(),
    portalInfo: (id) => {
      const owner = portals.get(id)?.state.data.owners[0];
      return {
        user: owner?.email ?? 'admin@pulse-demo.example',
        userId: owner?.userId ?? 1,
        hubDomain: `portal-${id}.example.com`,
      };
    },
  };
}

function createEnv(options: SandboxOptions): SandboxEnv {
  const clock = options.clock ?? Date.now;
  const seed = options.seed ?? 1;
  const random = createSeededRandom(seed);
  const faults = createFaultInjector(seed ^ 0x5eed);
  const limits = limitsOf(options);
  const correlationId = () =>
    `${random.hex(8)}-${random.hex(4)}-4${random.hex(3)}-a${random.hex(3)}-${random.hex(12)}`;
  const portals = createPortals(options, clock, limits);
  const oauth = createOAuthEnv(options, portals, random, clock, correlationId);
  return { clock, correlationId, faults, limits, portals, oauth, unauthenticated: { stats: emptyStats() } };
}

/** Our name for an object type; HubSpot's spellings (`feedback_submissions`, `0-19`, …) are accepted too. */
const checkType = (objectType: string): CrmObjectType => {
  const type = crmObjectTypeOf(objectType);
  if (!type) throw new Error(`sandbox: unknown object type ${objectType}`);
  return type;
};

export function createSandbox(options: SandboxOptions): Sandbox {
  const env = createEnv(options);
  const portal = (portalId: number): SandboxPortal => {
    const found = env.portals.get(portalId);
    if (!found) throw new Error(`sandbox: portal ${portalId} is not configured`);
    return found;
  };
  const handle = (request: Request) => handleRequest(env, request);
  return {
    handle,
    listen: (port = 0, host = '127.0.0.1') => listen(handle, port, host),
    stats(portalId) {
      if (portalId !== undefined) return structuredClone(portal(portalId).stats);
      return [...env.portals.values()].reduce((sum, p) => addStats(sum, p.stats), env.unauthenticated.stats);
    },
    resetStats() {
      env.unauthenticated.stats = emptyStats();
      for (const p of env.portals.values()) p.stats = emptyStats();
    },
    faults: { set: (f) => env.faults.set(f), clear: () => env.faults.clear() },
    oauth: {
      issueCode: (portalId, scopes) => {
        portal(portalId);
        return env.oauth.store.issueCode(portalId, scopes);
      },
      authorize: (authorizeUrl, { portalId }) =>
        authorize(env.oauth, parseAuthorizeUrl(authorizeUrl), portalId),
      installFromHubSpot: (portalId) => installFromHubSpot(env.oauth, portalId),
      revoke: (portalId) => {
        portal(portalId);
        env.oauth.store.revokePortal(portalId);
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

import type { Request, RequestHandler } from 'express';
import { AppError } from '../errors';
import { SAFE_METHODS, verifySignatureV3, type ReplayGuard } from './signature';

/**
 * Who is calling: resolved once per API request, from a verified source only. The portal, user id and e-mail
 * come from the v3-signed query (HubSpot appends them to every hubspot.fetch); nothing in an unsigned request
 * is trusted except in demo mode, where same-origin browser calls act on the demo portal.
 */
export type Caller = {
  portalId: number;
  userId: number | null;
  userEmail: string | null;
  /** asked only by the routes that need it (it reads the admin list): the card never pays for it */
  isAdmin: () => Promise<boolean>;
  isSigned: boolean;
};

/** Runs `load` at most once, on first call. */
const once = <T>(load: () => Promise<T>): (() => Promise<T>) => {
  let result: Promise<T> | undefined;
  return () => (result ??= load());
};

const callers = new WeakMap<Request, Caller>();
const rawBodies = new WeakMap<Request, Buffer>();

export const callerOf = (req: Request): Caller => {
  const caller = callers.get(req);
  // Only reachable if a route is mounted outside the caller middleware: a programming error, not a 401.
  if (caller === undefined) throw new AppError('internal', 'No caller was resolved for this route');
  return caller;
};

/** `express.json({ verify })` hook: the signature covers the exact bytes sent, not our re-serialisation. */
export const keepRawBody = (req: Request, buf: Buffer) => {
  rawBodies.set(req, buf);
};
export const rawBodyOf = (req: Request): Buffer => rawBodies.get(req) ?? Buffer.alloc(0);

export type SignedRequestOptions = {
  signingSecret: string | null;
  publicUrl: string;
  trustProxy: boolean;
  replay: ReplayGuard;
  now: () => number;
};

// PUBLIC_URL is one value per process: parse it once, not on every signed request
const publicOrigins = new Map<string, string>();
const originOf = (publicUrl: string) => {
  let origin = publicOrigins.get(publicUrl);
  if (origin === undefined) publicOrigins.set(publicUrl, (origin = new URL(publicUrl).origin));
  return origin;
};

/** The URL HubSpot signed: our public origin (or the proxy's forwarded one) plus the path and query as sent. */
export const signedUrlOf = (
  req: Request,
  options: Pick<SignedRequestOptions, 'publicUrl' | 'trustProxy'>,
): string => {
  const origin = options.trustProxy ? `${req.protocol}://${req.host}` : originOf(options.publicUrl);
  return origin + req.originalUrl;
};

export const hasSignature = (req: Request) => req.get('x-hubspot-signature-v3') !== undefined;

/** Throws invalid_signature / stale_signature; returns nothing on success. `replayScope` keys the replay memory. */
export const assertSignedRequest = (
  req: Request,
  options: SignedRequestOptions,
  replayScope: (req: Request) => string,
) => {
  if (options.signingSecret === null)
    throw new AppError(
      'invalid_signature',
      'Signed requests cannot be verified: HUBSPOT_CLIENT_SECRET is not configured',
    );
  const signature = req.get('x-hubspot-signature-v3') ?? '';
  const timestamp = req.get('x-hubspot-request-timestamp') ?? '';
  const signed = {
    method: req.method,
    uri: signedUrlOf(req, options),
    body: rawBodyOf(req),
    timestamp,
    signature,
  };
  const check = verifySignatureV3({ clientSecret: options.signingSecret, ...signed, now: options.now() });
  if (!check.ok)
    throw new AppError(check.reason === 'stale' ? 'stale_signature' : 'invalid_signature', check.message);
  // A repeated read is harmless (HubSpot retries a failed hubspot.fetch with the same signature); a repeated
  // write is a replay.
  if (!SAFE_METHODS.has(req.method) && !options.replay.claim(replayScope(req), signed, options.now()))
    throw new AppError('invalid_signature', 'This signed request was already used (replay refused)');
};

const firstString = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const parsePositiveInt = (value: string | undefined): number | null =>
  value !== undefined && /^\d{1,15}$/.test(value) && Number(value) > 0 ? Number(value) : null;

export type CallerResolverOptions = SignedRequestOptions & {
  /** whether the portal has an active installation (asked on every signed request: keep it cheap) */
  isInstalled: (portalId: number) => Promise<boolean>;
  /** the admin rule (docs/decisions/005-admin-rule.md), asked only by routes that need it */
  isAdmin: (portalId: number, userId: number | null) => Promise<boolean>;
  /** demo mode only: the portal unsigned same-origin calls act on, and the user they act as */
  demo: { portalId: number; userId: () => Promise<number | null> } | null;
};

const isSameOrigin = (req: Request, publicUrl: string, port: number | null) => {
  if (req.get('sec-fetch-site') === 'same-origin') return true;
  const origin = req.get('origin');
  if (origin === undefined) return false;
  if (origin === originOf(publicUrl)) return true;
  // the demo is also opened as 127.0.0.1:<port>
  return port !== null && (origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`);
};

export const createCallerResolver =
  (options: CallerResolverOptions & { port: number | null }): RequestHandler =>
  async (req, _res, next) => {
    if (hasSignature(req)) {
      // Express 5 parses the query string on every `req.query` read
      const query = req.query;
      // Replay memory is per portal: the same bytes for two portals cannot collide (the portal is in the signed URL).
      assertSignedRequest(req, options, () => `card:${firstString(query.portalId) ?? ''}`);
      const portalId = parsePositiveInt(firstString(query.portalId));
      if (portalId === null) throw new AppError('bad_request', 'The signed request has no valid portalId');
      if (!(await options.isInstalled(portalId)))
        throw new AppError(
          'not_installed',
          'Pulse is not installed on this HubSpot account (or was disconnected)',
        );
      const userId = parsePositiveInt(firstString(query.userId));
      const userEmail = firstString(query.userEmail) ?? null;
      const isAdmin = once(() => options.isAdmin(portalId, userId));
      callers.set(req, { portalId, userId, userEmail, isAdmin, isSigned: true });
      return next();
    }
    if (options.demo !== null && isSameOrigin(req, options.publicUrl, options.port)) {
      callers.set(req, {
        portalId: options.demo.portalId,
        userId: await options.demo.userId(),
        userEmail: null,
        isAdmin: async () => true,
        isSigned: false,
      });
      return next();
    }
    throw new AppError(
      'invalid_signature',
      'The request is not signed by HubSpot (X-HubSpot-Signature-v3 is missing)',
    );
  };

export const requireAdmin: RequestHandler = async (req, _res, next) => {
  if (!(await callerOf(req).isAdmin()))
    throw new AppError(
      'forbidden',
      'Only Pulse admins can do this (the installing user and the admins they listed)',
    );
  next();
};

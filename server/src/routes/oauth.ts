import { Router, type Response } from 'express';
import { isAppError } from '../errors';
import { htmlPage } from '../http/html';
import { completeInstall } from '../services/install';
import type { RouteContext } from './context';

const AUTHORIZE_URL = 'https://app.hubspot.com/oauth/authorize';

const page = (res: Response, status: number, title: string, paragraphs: string[]) => {
  res.status(status).type('html').send(htmlPage(title, paragraphs));
};

export const redirectUriOf = (publicUrl: string) => `${publicUrl}/oauth/callback`;

/** The authorize URL: the scopes must equal the app's declared required scopes or HubSpot refuses the install. */
export const buildAuthorizeUrl = (input: {
  clientId: string;
  redirectUri: string;
  requiredScopes: string[];
  optionalScopes: string[];
  state: string;
}) => {
  const params = [
    ['client_id', input.clientId],
    ['redirect_uri', input.redirectUri],
    ['scope', input.requiredScopes.join(' ')],
    ...(input.optionalScopes.length > 0 ? [['optional_scope', input.optionalScopes.join(' ')]] : []),
    ['state', input.state],
  ];
  return `${AUTHORIZE_URL}?${params.map(([k, v]) => `${k}=${encodeURIComponent(v ?? '')}`).join('&')}`;
};

const STATE_PROBLEMS = {
  malformed: 'The install link is incomplete.',
  forged: 'The install link was not issued by this Pulse server.',
  expired: 'The install link expired (they are valid for 10 minutes).',
  replayed: 'This install link was already used.',
} as const;

export const oauthRoutes = (ctx: RouteContext) => {
  const router = Router();
  const { config, manifest, states } = ctx;
  const clientId = config.hubspot.clientId;

  router.get('/oauth/install', (_req, res) => {
    if (states === null || clientId === null) {
      page(res, 404, 'Install is not available here', [
        'This Pulse server runs in ' +
          config.mode +
          ' mode; HubSpot installs need HUBSPOT_CLIENT_ID and HUBSPOT_CLIENT_SECRET.',
      ]);
      return;
    }
    res.redirect(
      302,
      buildAuthorizeUrl({
        clientId,
        redirectUri: redirectUriOf(config.publicUrl),
        requiredScopes: manifest.auth.requiredScopes,
        optionalScopes: manifest.auth.optionalScopes,
        state: states.issue(),
      }),
    );
  });

  router.get('/oauth/callback', async (req, res) => {
    const q = (name: string) => (typeof req.query[name] === 'string' ? req.query[name] : undefined);
    if (states === null) {
      page(res, 404, 'Install is not available here', [
        'This Pulse server is not configured for HubSpot installs.',
      ]);
      return;
    }
    const error = q('error');
    if (error !== undefined) {
      const denied = error === 'access_denied';
      page(res, 400, denied ? 'Install cancelled' : 'HubSpot did not complete the install', [
        denied
          ? 'Pulse was not given access to your HubSpot account, so nothing was installed.'
          : `HubSpot reported: ${error}.`,
        'You can start again from the HubSpot Marketplace listing whenever you are ready.',
      ]);
      return;
    }
    // No `state` at all: an install HubSpot started (the listing's button, the app's install URL), which
    // carries none. The code is still bound to our client secret and redirect URI (decision 013). A `state`
    // that is present must be one we issued, unexpired and unused.
    const state = q('state');
    const check = req.query.state === undefined ? ({ ok: true } as const) : states.consume(state);
    if (!check.ok) {
      page(res, 400, 'This install link cannot be used', [
        STATE_PROBLEMS[check.reason],
        'Start the install again from the HubSpot Marketplace listing.',
      ]);
      return;
    }
    const code = q('code');
    if (code === undefined || code === '') {
      page(res, 400, 'This install link cannot be used', [
        'HubSpot did not send an authorization code.',
        'Start the install again.',
      ]);
      return;
    }
    try {
      const { portalId, hubDomain } = await completeInstall(
        {
          store: ctx.store,
          hubspot: ctx.hubspot,
          jobs: ctx.jobs,
          admins: ctx.admins,
          installations: ctx.installations,
          logger: req.log,
          now: ctx.now,
        },
        { code, redirectUri: redirectUriOf(config.publicUrl), requiredScopes: manifest.auth.requiredScopes },
      );
      page(res, 200, 'Pulse is installed', [
        `Pulse is connected to ${hubDomain ?? `HubSpot account ${portalId}`} and is running its first sync now; a large account can take a few minutes.`,
        'Next step: open any company record in HubSpot, choose "Customize record" (or "Customize tabs"), and add the "Pulse account health" card to the company record view. HubSpot does not place app cards automatically.',
        'The portfolio page is in the Marketplace apps menu; admins can tune the scoring under the app settings.',
      ]);
    } catch (err) {
      req.log.warn(
        { err: isAppError(err) ? { code: err.code, message: err.message } : err },
        'install failed',
      );
      const known = isAppError(err);
      page(res, known ? 400 : 500, 'The install did not complete', [
        known && err.code === 'forbidden'
          ? err.message
          : 'HubSpot did not accept the authorization code (it may have expired or already been used), or could not be reached.',
        'Nothing was changed in your HubSpot account. Start the install again from the HubSpot Marketplace listing.',
      ]);
    }
  });

  return router;
};

import { z } from 'zod';
import { CRM_OBJECTS } from '../schemas/crm';

/**
 * `app.manifest.json` (repo root) is the single source of the app's HubSpot configuration. The HubSpot project
 * files (`extension/**\/*-hsmeta.json`, `extension/hsproject.json`, the package.json files) are generated from it
 * by `npm run manifest`, and the server reads its OAuth scopes from it. The `ZHs*` schemas below are the shapes
 * of those generated files, checked against HubSpot's 2026.03 templates (HubSpot/hubspot-project-components:
 * `app/oauth-marketplace`, `cards`, `pages`, `settings`, `webhooks`).
 */

const ZHttpsUrl = z.url({ protocol: /^https$/, error: 'must be an https:// URL' });
const ZHttpsOrigin = ZHttpsUrl.refine(
  (url) => new URL(url).origin === url,
  'must be an origin (https://host, no path)',
);
/** HubSpot uids: letters, digits, dashes and underscores. */
const ZUid = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'uid must be 1-64 letters, digits, "-" or "_"');
const ZScope = z.string().regex(/^[a-z][a-z0-9._-]*$/, 'scope must look like "crm.objects.companies.read"');
/** Entrypoints are absolute inside srcDir and point at a .tsx/.jsx file. */
const ZEntrypoint = z
  .string()
  .regex(
    /^\/app\/(cards|pages|settings)\/[A-Za-z0-9_-]+\.(tsx|jsx)$/,
    'entrypoint must be /app/<cards|pages|settings>/<File>.tsx',
  );

/**
 * Webhooks (HubSpot developer platform 2026.03, `webhooks` component; checked against HubSpot's
 * hubspot-project-components templates and the developer changelog):
 * - `crmObjects` entries are `{subscriptionType: "object.<event>", objectType, propertyName?, active}`; an
 *   `object.propertyChange` subscription names ONE property, so Pulse lists each property it reads (app.manifest.json
 *   `webhooks.objects.<type>.properties`; test/extension/manifest.test.ts keeps them equal to what the mappers read).
 *   Feedback submissions are a generic webhook object type (`feedback_submission`).
 * - `object.associationChange` payloads carry `associationType` (e.g. "COMPANY_TO_DEAL"), `fromObjectId`,
 *   `toObjectId`, `associationRemoved`, `isPrimaryAssociation`, and for generic subscriptions also
 *   `fromObjectTypeId` / `toObjectTypeId` ("0-2"), `associationTypeId` and `associationCategory`; HubSpot sends
 *   one event for each side of the association. Pulse reads the from/to ids and type ids.
 * - App lifecycle events (install/uninstall) cannot be subscribed to in this component: 2026.03 offers them only
 *   through the webhooks journal API (`POST /webhooks-journal/subscriptions/2026-03`, subscriptionType
 *   `APP_LIFECYCLE_EVENT`, actions `APP_INSTALL` / `APP_UNINSTALL`), managed per app with a client-credentials
 *   token and read by polling the journal, not pushed to `targetUrl`.
 *
 * Object types by HubSpot's singular spelling (shared/src/schemas/crm.ts).
 */
export const WEBHOOK_OBJECT_TYPES = [
  CRM_OBJECTS.companies.singular,
  CRM_OBJECTS.deals.singular,
  CRM_OBJECTS.tickets.singular,
  CRM_OBJECTS.responses.singular,
] as const;
export const CRM_SUBSCRIPTION_TYPES = [
  'object.creation',
  'object.propertyChange',
  'object.deletion',
  'object.merge',
  'object.restore',
  'object.associationChange',
] as const;
/** Events subscribed to without a property; `object.propertyChange` is generated from `properties`. */
const OBJECT_EVENTS = CRM_SUBSCRIPTION_TYPES.filter((t) => t !== 'object.propertyChange');

export const ZCrmObjectSubscription = z.strictObject({
  subscriptionType: z.enum(CRM_SUBSCRIPTION_TYPES),
  objectType: z.enum(WEBHOOK_OBJECT_TYPES),
  /** the one property an object.propertyChange subscription is for */
  propertyName: z.string().min(1).optional(),
  active: z.boolean(),
});
export const ZHubEventSubscription = z.strictObject({
  subscriptionType: z.literal('contact.privacyDeletion'),
  active: z.boolean(),
});

export const ZWebhooksConfig = z.strictObject({
  settings: z.strictObject({ targetUrl: ZHttpsUrl, maxConcurrentRequests: z.number().int().min(5).max(100) }),
  subscriptions: z.strictObject({
    crmObjects: z.array(ZCrmObjectSubscription),
    hubEvents: z.array(ZHubEventSubscription),
  }),
});

const ZAuth = z.strictObject({
  type: z.literal('oauth'),
  redirectUrls: z.array(ZHttpsUrl).min(1),
  requiredScopes: z.array(ZScope).min(1),
  optionalScopes: z.array(ZScope),
  conditionallyRequiredScopes: z.array(ZScope),
});
const ZPermittedUrls = z.strictObject({
  fetch: z.array(ZHttpsOrigin),
  iframe: z.array(ZHttpsUrl),
  img: z.array(ZHttpsUrl),
});
const ZSupportPhone = z
  .string()
  .regex(/^\+[0-9 ()-]{6,20}$/, 'supportPhone must be international, e.g. "+1 555 0100"');
const ZSupport = z.strictObject({
  supportEmail: z.email(),
  documentationUrl: ZHttpsUrl,
  supportUrl: ZHttpsUrl,
  supportPhone: ZSupportPhone,
});

export const CARD_LOCATIONS = ['crm.record.tab', 'crm.record.sidebar'] as const;
const ZCardConfig = z.strictObject({
  name: z.string().min(1).max(100),
  location: z.enum(CARD_LOCATIONS),
  entrypoint: ZEntrypoint,
  objectTypes: z.array(z.literal(CRM_OBJECTS.companies.apiName)).min(1),
});

/** A path on Pulse's own origin ("/oauth/callback"): the origin is given once, to `npm run manifest`. */
const ZPath = z.string().regex(/^\/[A-Za-z0-9/_-]*$/, 'must be a path on our origin, e.g. "/oauth/callback"');
const ZPropertyName = z.string().regex(/^[a-z0-9_]+$/, 'must be a HubSpot property name');

const ZWebhooksSource = z.strictObject({
  uid: ZUid,
  targetPath: ZPath,
  maxConcurrentRequests: z.number().int().min(5).max(100),
  /** per object type: the events subscribed to, and each property whose change is subscribed to */
  objects: z.partialRecord(
    z.enum(WEBHOOK_OBJECT_TYPES),
    z.strictObject({ events: z.array(z.enum(OBJECT_EVENTS)), properties: z.array(ZPropertyName) }),
  ),
  hubEvents: z.array(z.literal('contact.privacyDeletion')),
});

/**
 * The manifest: listing + app config + components + webhooks. Every URL HubSpot needs is a path here; the
 * generator joins it to the one origin it is given (see scripts/generate-manifest.ts).
 */
export const ZAppManifest = z
  .strictObject({
    uid: ZUid,
    name: z.string().min(1).max(200),
    description: z.string().min(1).max(1000),
    distribution: z.literal('marketplace'),
    platformVersion: z.literal('2026.03'),
    auth: z.strictObject({
      type: z.literal('oauth'),
      redirectPath: ZPath,
      /** what every installing account must grant: the core (companies, deals, owners, the write-back schema) */
      requiredScopes: z.array(ZScope).min(1),
      /** asked for, granted when the account has them (tickets, feedback surveys, contacts) */
      optionalScopes: z.array(ZScope),
      conditionallyRequiredScopes: z.array(ZScope),
    }),
    support: z.strictObject({
      supportEmail: z.email(),
      supportPhone: ZSupportPhone,
      documentationPath: ZPath,
      supportPath: ZPath,
    }),
    /** served by Pulse (server/src/routes), linked from the marketplace listing */
    legal: z.strictObject({ privacyPolicyPath: ZPath, termsPath: ZPath }),
    components: z.strictObject({
      cards: z.array(z.strictObject({ uid: ZUid, config: ZCardConfig })).min(1),
      pages: z.array(z.strictObject({ uid: ZUid, config: z.strictObject({ entrypoint: ZEntrypoint }) })),
      settings: z.strictObject({ uid: ZUid, config: z.strictObject({ entrypoint: ZEntrypoint }) }).nullable(),
    }),
    webhooks: ZWebhooksSource.nullable(),
  })
  .superRefine((manifest, ctx) => {
    const { requiredScopes, optionalScopes, conditionallyRequiredScopes } = manifest.auth;
    const all = [...requiredScopes, ...optionalScopes, ...conditionallyRequiredScopes];
    const repeated = [...new Set(all.filter((scope, i) => all.indexOf(scope) !== i))];
    if (repeated.length > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['auth'],
        message: `scopes listed twice (required, optional and conditionally required must not overlap): ${repeated.join(', ')}`,
      });
    }
    const uids = [
      manifest.uid,
      ...manifest.components.cards.map((c) => c.uid),
      ...manifest.components.pages.map((p) => p.uid),
      ...(manifest.components.settings ? [manifest.components.settings.uid] : []),
      ...(manifest.webhooks ? [manifest.webhooks.uid] : []),
    ];
    const duplicate = uids.find((uid, i) => uids.indexOf(uid) !== i);
    if (duplicate)
      ctx.addIssue({ code: 'custom', path: ['components'], message: `duplicate uid "${duplicate}"` });
  });
export type AppManifest = z.infer<typeof ZAppManifest>;

/** Parse an unknown value (the JSON file) into a manifest, with every problem named by its path. */
export function parseAppManifest(
  value: unknown,
): { success: true; data: AppManifest } | { success: false; errorMessages: string[] } {
  const result = ZAppManifest.safeParse(value);
  if (result.success) return { success: true, data: result.data };
  return {
    success: false,
    errorMessages: result.error.issues.map(
      (issue) => `app.manifest.json ${issue.path.join('.') || '(root)'}: ${issue.message}`,
    ),
  };
}

/** An HTTPS origin (`https://host[:port]`, no path), the one place every URL in the project files comes from. */
export const ZOrigin = ZHttpsOrigin;

// ---- The generated HubSpot project files (shapes from design/HUBSPOT.md) ----

export const ZHsProject = z.strictObject({
  name: z.string().min(1),
  srcDir: z.literal('src'),
  platformVersion: z.literal('2026.03'),
});

export const ZAppHsMeta = z.strictObject({
  uid: ZUid,
  type: z.literal('app'),
  config: z.strictObject({
    name: z.string().min(1),
    description: z.string().min(1),
    distribution: z.literal('marketplace'),
    auth: ZAuth,
    permittedUrls: ZPermittedUrls,
    support: ZSupport,
  }),
});
export const ZCardHsMeta = z.strictObject({ uid: ZUid, type: z.literal('card'), config: ZCardConfig });
export const ZPageHsMeta = z.strictObject({
  uid: ZUid,
  type: z.literal('page'),
  config: z.strictObject({ entrypoint: ZEntrypoint }),
});
export const ZSettingsHsMeta = z.strictObject({
  uid: ZUid,
  type: z.literal('settings'),
  config: z.strictObject({ entrypoint: ZEntrypoint }),
});
export const ZWebhooksHsMeta = z.strictObject({
  uid: ZUid,
  type: z.literal('webhooks'),
  config: ZWebhooksConfig,
});

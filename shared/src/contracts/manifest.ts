import { z } from 'zod';
import { CRM_OBJECTS } from '../schemas/crm';

/**
 * `app.manifest.json` (repo root) is the single source of the app's HubSpot configuration. The HubSpot project
 * files (`extension/**\/*-hsmeta.json`, `extension/hsproject.json`) are generated from it by
 * `npm run manifest`, and the server reads its OAuth scopes from it. The `ZHs*` schemas below are the
 * shapes of those generated files (design/HUBSPOT.md, developer platform 2026.03).
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

/** Webhook subscriptions name object types by HubSpot's singular spelling (shared/src/schemas/crm.ts). */
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
  'object.associationChange',
] as const;

export const ZCrmObjectSubscription = z.strictObject({
  subscriptionType: z.enum(CRM_SUBSCRIPTION_TYPES),
  objectType: z.enum(WEBHOOK_OBJECT_TYPES),
  /** only for object.propertyChange; without it every property change is sent */
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
const ZSupport = z.strictObject({
  supportEmail: z.email(),
  documentationUrl: ZHttpsUrl,
  supportUrl: ZHttpsUrl,
  supportPhone: z
    .string()
    .regex(/^\+[0-9 ()-]{6,20}$/, 'supportPhone must be international, e.g. "+1 555 0100"'),
});

export const CARD_LOCATIONS = ['crm.record.tab', 'crm.record.sidebar'] as const;
const ZCardConfig = z.strictObject({
  name: z.string().min(1).max(100),
  location: z.enum(CARD_LOCATIONS),
  entrypoint: ZEntrypoint,
  objectTypes: z.array(z.literal(CRM_OBJECTS.companies.apiName)).min(1),
});

/** The manifest: listing + app config + components + webhooks. */
export const ZAppManifest = z
  .strictObject({
    uid: ZUid,
    name: z.string().min(1).max(200),
    description: z.string().min(1).max(1000),
    distribution: z.literal('marketplace'),
    platformVersion: z.literal('2026.03'),
    /** The HTTPS origin of our API: the cards call it through `hubspot.fetch`, so it must be in permittedUrls.fetch. */
    apiOrigin: ZHttpsOrigin,
    auth: ZAuth,
    permittedUrls: ZPermittedUrls,
    support: ZSupport,
    components: z.strictObject({
      cards: z.array(z.strictObject({ uid: ZUid, config: ZCardConfig })).min(1),
      pages: z.array(z.strictObject({ uid: ZUid, config: z.strictObject({ entrypoint: ZEntrypoint }) })),
      settings: z.strictObject({ uid: ZUid, config: z.strictObject({ entrypoint: ZEntrypoint }) }).nullable(),
    }),
    webhooks: z.strictObject({ uid: ZUid, config: ZWebhooksConfig }).nullable(),
  })
  .superRefine((manifest, ctx) => {
    if (!manifest.permittedUrls.fetch.includes(manifest.apiOrigin)) {
      ctx.addIssue({
        code: 'custom',
        path: ['permittedUrls', 'fetch'],
        message: `must include apiOrigin ${manifest.apiOrigin}`,
      });
    }
    const overlap = manifest.auth.requiredScopes.filter((scope) =>
      manifest.auth.optionalScopes.includes(scope),
    );
    if (overlap.length > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['auth', 'optionalScopes'],
        message: `scopes both required and optional: ${overlap.join(', ')}`,
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

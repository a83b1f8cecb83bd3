import { hubspot } from '@hubspot/ui-extensions';
import { API_ORIGIN } from './origin';
import { createPulseApi, type FetchLike, type PulseApi } from '@pulse/views';

type HubSpotMethod = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
const METHODS: readonly string[] = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'];

function isMethod(method: string): method is HubSpotMethod {
  return METHODS.includes(method);
}
function isJsonObject(body: unknown): body is Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body);
}

/**
 * @pulse/hubspot-api: the HubSpot side of the views' API client, a workspace package inside the upload set so the
 * entries import it by name (HubSpot's build cannot follow a relative import out of a component folder).
 *
 * `hubspot.fetch` in the FetchLike shape the views expect. HubSpot signs each request (v3) and adds
 * portalId/userId, which is how our API knows the tenant; bodies must be JSON objects.
 */
const hubspotFetch: FetchLike = (url, init) => {
  const method = init.method ?? 'GET';
  if (!isMethod(method)) return Promise.reject(new Error(`hubspot.fetch does not support method ${method}`));
  if (init.body !== undefined && !isJsonObject(init.body))
    return Promise.reject(new Error('hubspot.fetch only sends JSON object bodies'));
  return hubspot.fetch(url, { method, timeout: init.timeout, body: init.body });
};

/**
 * The API client every HubSpot entry uses. Its origin is origin.ts, written by `npm run manifest` from the same
 * origin as permittedUrls.fetch (HubSpot refuses any other).
 */
export function createHubSpotApi(): PulseApi {
  return createPulseApi({ fetch: hubspotFetch, baseUrl: API_ORIGIN });
}

import { createPulseApi, type PulseApi } from '@pulse/views';
import { browserFetch } from './ui/fetch';

/** The views' API client over the browser's fetch. `apiBase` is '' for the page's own origin. */
export function createWebApi(apiBase = ''): PulseApi {
  return createPulseApi({ fetch: browserFetch, baseUrl: apiBase });
}

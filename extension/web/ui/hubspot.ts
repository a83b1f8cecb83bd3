import type {
  HubSpotFetchOptions,
  HubSpotFetchRequestURI,
  hubspot as realHubspot,
} from '@hubspot/ui-extensions';

type HubspotExtendFunction = (typeof realHubspot)['extend'];

/** HubSpot caps hubspot.fetch at 15 s; the web host keeps the same ceiling so views behave alike. */
const MAX_TIMEOUT_MS = 15_000;

/** HubSpot's options, loosened to what the views' FetchLike passes (any method string, any JSON body). */
type BrowserFetchInit = {
  method?: string;
  timeout?: number;
  body?: unknown;
  headers?: HubSpotFetchOptions['headers'];
};

/**
 * The web host's stand-in for `hubspot.fetch`: same call shape, JSON bodies only, the timeout enforced with
 * an AbortController, and the browser's session cookie sent along (same-origin credentials).
 */
export function browserFetch(url: HubSpotFetchRequestURI, options: BrowserFetchInit = {}): Promise<Response> {
  const timeout = Math.min(options.timeout ?? MAX_TIMEOUT_MS, MAX_TIMEOUT_MS);
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new Error(`request timed out after ${timeout} ms`)),
    timeout,
  );
  const headers = new Headers(options.headers);
  headers.set('accept', 'application/json');
  if (options.body !== undefined) headers.set('content-type', 'application/json');
  return fetch(url, {
    method: options.method ?? 'GET',
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    credentials: 'same-origin',
    signal: controller.signal,
  }).finally(() => clearTimeout(timer));
}

type ExtensionCallback = Parameters<HubspotExtendFunction>[0];
const registered: ExtensionCallback[] = [];

/** Entry files call `hubspot.extend`; the web host renders views directly, so this only records the call. */
export const hubspot = {
  extend: ((callback: ExtensionCallback) => {
    registered.push(callback);
  }) as HubspotExtendFunction,
  fetch: browserFetch as (url: HubSpotFetchRequestURI, options?: HubSpotFetchOptions) => Promise<Response>,
  serverless: (name: string): Promise<never> =>
    Promise.reject(new Error(`Serverless function "${name}" is not available outside HubSpot.`)),
};

export function registeredExtensions(): readonly ExtensionCallback[] {
  return registered;
}

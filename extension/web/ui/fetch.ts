import type { HubSpotFetchOptions, HubSpotFetchRequestURI } from '@hubspot/ui-extensions';

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

// Kept out of index.ts on purpose: msw is a dev dependency, and `npm start` must not load it.
import { http, type HttpHandler } from 'msw';
import type { Sandbox } from './create-sandbox';

/** msw 2 handlers that answer every request under `baseUrl` from the sandbox, in-process. */
export function sandboxMswHandlers(sandbox: Sandbox, baseUrl: string): HttpHandler[] {
  const base = baseUrl.replace(/\/+$/, '');
  return [http.all(`${base}/*`, ({ request }) => sandbox.handle(request))];
}

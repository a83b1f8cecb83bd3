import { http, type HttpHandler } from 'msw';
import type { Sandbox } from '../../server/src/sandbox';

/**
 * msw 2 handlers that answer every request under `baseUrl` from the CRM sandbox, in-process: the integration tests
 * run the real SDK against the sandbox without a socket. Test-only (msw is a dev dependency).
 */
export function sandboxMswHandlers(sandbox: Sandbox, baseUrl: string): HttpHandler[] {
  const base = baseUrl.replace(/\/+$/, '');
  return [http.all(`${base}/*`, ({ request }) => sandbox.handle(request))];
}

import { useEffect, useState } from 'react';

export type Route =
  | { page: 'companies' }
  | { page: 'company'; companyId: string }
  | { page: 'portfolio'; view: string }
  | { page: 'settings' }
  | { page: 'not-found'; path: string };

/** Hash routes, so the static server needs no rewrite rules and reloads land on the same page. */
export function parseRoute(hash: string): Route {
  const [rawPath = '', search = ''] = hash.replace(/^#/, '').split('?', 2);
  const path = rawPath.replace(/\/+$/, '') || '/companies';
  if (path === '/companies') return { page: 'companies' };
  if (path === '/portfolio') return { page: 'portfolio', view: search };
  if (path === '/settings') return { page: 'settings' };
  const company = /^\/companies\/([A-Za-z0-9_-]{1,64})$/.exec(path);
  if (company) return { page: 'company', companyId: company[1]! };
  return { page: 'not-found', path };
}

export const routeHref = {
  companies: () => '#/companies',
  company: (companyId: string) => `#/companies/${encodeURIComponent(companyId)}`,
  /** the portfolio with a saved view (its filters and sort as a query string) */
  portfolio: (view = '') => (view === '' ? '#/portfolio' : `#/portfolio?${view}`),
  settings: () => '#/settings',
};

/**
 * Writes a page's own state (the portfolio's filters) into the URL without a new history entry and without
 * a hashchange, so a reload or a shared link opens the same view and the page is not re-mounted.
 */
export function replaceHash(hash: string): void {
  window.history.replaceState(window.history.state, '', hash);
}

/**
 * The route the hash names, and `visit`, which counts hash navigations: a page keyed by it starts afresh
 * when a link or the address bar opens it again (another saved portfolio view), but not on replaceHash.
 */
export function useRoute(): { route: Route; visit: number } {
  const [state, setState] = useState(() => ({ route: parseRoute(window.location.hash), visit: 0 }));
  useEffect(() => {
    const onChange = () => {
      setState((current) => ({ route: parseRoute(window.location.hash), visit: current.visit + 1 }));
      window.scrollTo(0, 0);
    };
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return state;
}

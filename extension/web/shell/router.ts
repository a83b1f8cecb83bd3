import { useEffect, useState } from 'react';

export type Route =
  | { page: 'companies' }
  | { page: 'company'; companyId: string }
  | { page: 'portfolio' }
  | { page: 'settings' }
  | { page: 'not-found'; path: string };

/** Hash routes, so the static server needs no rewrite rules and reloads land on the same page. */
export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/\/+$/, '') || '/companies';
  if (path === '/companies') return { page: 'companies' };
  if (path === '/portfolio') return { page: 'portfolio' };
  if (path === '/settings') return { page: 'settings' };
  const company = /^\/companies\/([A-Za-z0-9_-]{1,64})$/.exec(path);
  if (company) return { page: 'company', companyId: company[1]! };
  return { page: 'not-found', path };
}

export const routeHref = {
  companies: () => '#/companies',
  company: (companyId: string) => `#/companies/${encodeURIComponent(companyId)}`,
  portfolio: () => '#/portfolio',
  settings: () => '#/settings',
};

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => {
      setRoute(parseRoute(window.location.hash));
      window.scrollTo(0, 0);
    };
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

import { useMemo } from 'react';
import { createWebApi } from '../web-api';
import { PortfolioPage, SettingsPage } from '@pulse/views';
import { CompanyList } from './CompanyList';
import { CompanyRecord } from './CompanyRecord';
import { replaceHash, routeHref, useRoute, type Route } from './router';
import { saveFile } from './save-file';
import './shell.css';

const NAV: { page: Route['page']; label: string; href: string }[] = [
  { page: 'companies', label: 'Companies', href: routeHref.companies() },
  { page: 'portfolio', label: 'Portfolio', href: routeHref.portfolio() },
  { page: 'settings', label: 'Settings', href: routeHref.settings() },
];

/** The demo's HubSpot-like frame: a top bar, then the page the hash names. */
export function App() {
  const api = useMemo(() => createWebApi(''), []);
  const { route, visit } = useRoute();
  const active = route.page === 'company' ? 'companies' : route.page;
  return (
    <>
      <header className="shell-topbar">
        <a className="shell-logo" href={routeHref.companies()}>
          <span className="shell-logo__mark" aria-hidden="true" />
          Pulse
        </a>
        <nav className="shell-nav" aria-label="Main">
          {NAV.map((item) => (
            <a
              key={item.page}
              href={item.href}
              className={item.page === active ? 'is-active' : undefined}
              aria-current={item.page === active ? 'page' : undefined}
            >
              {item.label}
            </a>
          ))}
        </nav>
        <span className="shell-topbar__note">Demo portal · local data</span>
      </header>
      <main className="shell-main">{renderPage(route, api, visit)}</main>
    </>
  );
}

function renderPage(route: Route, api: ReturnType<typeof createWebApi>, visit: number) {
  switch (route.page) {
    case 'companies':
      return <CompanyList api={api} />;
    case 'company':
      return <CompanyRecord key={route.companyId} api={api} companyId={route.companyId} />;
    case 'portfolio':
      return (
        <PageFrame title="Portfolio" subtitle="Book of business: health, renewal risk and NPS by account">
          <PortfolioPage
            key={visit}
            api={api}
            recordUrl={routeHref.company}
            savedView={route.view}
            onViewChange={(view) => replaceHash(routeHref.portfolio(view))}
            saveFile={saveFile}
          />
        </PageFrame>
      );
    case 'settings':
      return (
        <PageFrame title="Pulse settings" subtitle="Scoring weights, thresholds and sync">
          <SettingsPage api={api} />
        </PageFrame>
      );
    case 'not-found':
      return (
        <PageFrame title="Page not found" subtitle={route.path}>
          <a href={routeHref.companies()}>Back to companies</a>
        </PageFrame>
      );
    default: {
      const unreachable: never = route;
      return unreachable;
    }
  }
}

function PageFrame({
  title,
  subtitle,
  children,
}: {
  title: string;
  subtitle: string;
  children: React.ReactNode;
}) {
  return (
    <div className="shell-page">
      <div className="shell-page__header">
        <h1>{title}</h1>
        <p>{subtitle}</p>
      </div>
      <div className="shell-page__body" data-testid="page-body">
        {children}
      </div>
    </div>
  );
}

import { hubspot, useExtensionContext } from '@hubspot/ui-extensions';
import { PageRoutes, createPageRouter } from '@hubspot/ui-extensions/pages';
import { PortfolioPage } from '@pulse/views';
import { createHubSpotApi } from '@pulse/hubspot-api';

const api = createHubSpotApi();

/** Route components take no props, so the portal id for record links comes from the extension context. */
function PortfolioRoute() {
  const context = useExtensionContext<'pages'>();
  const recordUrl = (companyId: string) =>
    `https://app.hubspot.com/contacts/${context.portal.id}/record/0-2/${companyId}`;
  return <PortfolioPage api={api} recordUrl={recordUrl} />;
}

const PageRouter = createPageRouter(
  <PageRoutes>
    <PageRoutes.IndexRoute component={PortfolioRoute} id="portfolio" />
  </PageRoutes>,
);

hubspot.extend<'pages'>(() => <PageRouter />);

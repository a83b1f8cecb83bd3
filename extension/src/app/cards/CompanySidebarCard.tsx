import { hubspot } from '@hubspot/ui-extensions';
import { CompanySidebarCard } from '@pulse/views';
import { createHubSpotApi } from '@pulse/hubspot-api';

const api = createHubSpotApi();

hubspot.extend<'crm.record.sidebar'>(({ context }) => (
  <CompanySidebarCard api={api} companyId={String(context.crm.objectId)} />
));

import { hubspot } from '@hubspot/ui-extensions';
import { CompanyHealthCard } from '@pulse/views';
import { createHubSpotApi } from '@pulse/hubspot-api';

const api = createHubSpotApi();

hubspot.extend<'crm.record.tab'>(({ context }) => (
  <CompanyHealthCard api={api} companyId={String(context.crm.objectId)} />
));

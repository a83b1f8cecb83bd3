import { hubspot } from '@hubspot/ui-extensions';
import { SettingsPage } from '@pulse/views';
import { createHubSpotApi } from '@pulse/hubspot-api';

const api = createHubSpotApi();

hubspot.extend<'settings'>(() => <SettingsPage api={api} />);

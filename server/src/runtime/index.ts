// The composition root: builds and starts everything (main.ts calls startPulse). Nothing below imports it.
export { startPulse, type RunningPulse } from './start-pulse';
export { wireHubSpot, createPortalClients, createHubSpotPort, type HubSpotWiring } from './hubspot';
export { DEMO_PORTAL_ID } from './demo';
export { WEB_DIST_DIR, webHostDir } from './web-host';

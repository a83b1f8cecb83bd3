// The CRM sandbox: a HubSpot-compatible simulator with a deterministic demo dataset.
// msw handlers for tests live in test/msw/sandbox-handlers.ts (msw is a dev dependency).
export { createSandbox } from './create-sandbox';
export type {
  Sandbox,
  SandboxOptions,
  SandboxPortalOptions,
  SandboxServer,
  SandboxStats,
} from './create-sandbox';
export { benchDataset, demoDataset, generateDataset } from './generate-dataset';
export type { GenerateDatasetOptions } from './generate-dataset';
export type { SandboxFaults } from './fault-injector';
export type { SandboxOAuthOptions } from './oauth/oauth-env';
export type { AuthorizeOutcome } from './oauth/authorize';
export { ALL_SCOPES } from './scopes';
export type { AssociationInput, SandboxWrite } from './portal-state';
export type {
  SandboxAccount,
  SandboxAssociation,
  SandboxDataset,
  SandboxOwner,
  SandboxPipeline,
  SandboxPipelineStage,
  SandboxPropertyDefinition,
  SandboxPropertyGroup,
  SandboxRecord,
} from './sandbox-dataset';

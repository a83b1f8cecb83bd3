import type { AppManifest } from '@pulse/shared';
import type { Config } from '../config/config';
import type { SignedRequestOptions } from '../http/caller';
import type { Logger } from '../logger';
import type { AdminDirectory } from '../services/admins';
import type { BackgroundTasks } from '../services/background';
import type { Backtests } from '../services/backtest';
import type { CompanyOnDemand } from '../services/company-on-demand';
import type { InstallationCache } from '../services/installation-cache';
import type { OAuthStates } from '../services/oauth-state';
import type { HubSpotPort, JobsPort, RecomputePort, ScoringPort } from '../services/ports';
import type { TokenProvider } from '../services/tokens';
import type { WebhookIntake } from '../services/webhook-intake';
import type { Store } from '../store';

/** Everything a router needs, assembled once by createApp. */
export type RouteContext = {
  config: Config;
  store: Store;
  logger: Logger;
  manifest: AppManifest;
  hubspot: HubSpotPort;
  jobs: JobsPort;
  recompute: RecomputePort;
  scoring: ScoringPort;
  tokens: TokenProvider;
  admins: AdminDirectory;
  installations: InstallationCache;
  background: BackgroundTasks;
  /** the backtest of the model on the portal's renewals, computed in the background */
  backtests: Backtests;
  webhooks: WebhookIntake;
  /** on-demand sync of one company a card asks for before the bulk sync has it; null without HubSpot access */
  companyOnDemand: CompanyOnDemand | null;
  states: OAuthStates | null;
  signing: SignedRequestOptions;
  now: () => number;
};

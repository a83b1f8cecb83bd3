// The raw data a sandbox portal serves. Records keep HubSpot's wire shape (every property a string or
// null) so that what Pulse receives through the SDK is exactly what the dataset holds. Object types are
// Pulse's one vocabulary (`CRM_OBJECTS` in @pulse/shared); HubSpot's spellings appear only on the wire.
import type { CrmObjectType } from '@pulse/shared';

export type SandboxRecord = {
  id: string;
  properties: Record<string, string | null>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  archivedAt?: string;
};

/**
 * One association, stored once in its canonical direction (contact→company, deal→company, ticket→company,
 * response→contact, response→ticket, task→company); the sandbox serves both directions.
 * `primary` marks the record's primary company (only meaningful for pairs with a company).
 */
export type SandboxAssociation = {
  fromType: CrmObjectType;
  fromId: string;
  toType: CrmObjectType;
  toId: string;
  primary: boolean;
};

export type SandboxPipelineStage = {
  id: string;
  label: string;
  displayOrder: number;
  metadata: Record<string, string>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  writePermissions: 'CRM_PERMISSIONS_ENFORCEMENT';
};

export type SandboxPipeline = {
  id: string;
  label: string;
  displayOrder: number;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  stages: SandboxPipelineStage[];
};

export type SandboxOwner = {
  id: string;
  email: string;
  type: 'PERSON';
  firstName: string;
  lastName: string;
  userId: number;
  userIdIncludingInactive: number;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  teams: Array<{ id: string; name: string; primary: boolean }>;
};

export type SandboxPropertyGroup = { name: string; label: string; displayOrder: number; archived: boolean };

export type SandboxPropertyDefinition = {
  name: string;
  label: string;
  type: string;
  fieldType: string;
  groupName: string;
  description: string;
  options: Array<{ label: string; value: string; displayOrder: number; hidden: boolean }>;
  displayOrder: number;
  calculated: boolean;
  externalOptions: boolean;
  hasUniqueValue: boolean;
  hidden: boolean;
  hubspotDefined: boolean;
  formField: boolean;
  modificationMetadata: { archivable: boolean; readOnlyDefinition: boolean; readOnlyValue: boolean };
  createdAt: string;
  updatedAt: string;
  archived: boolean;
};

/** The account settings `GET /account-info/v3/details` reports. */
export type SandboxAccount = {
  accountType: 'STANDARD' | 'DEVELOPER_TEST' | 'SANDBOX' | 'APP_DEVELOPER';
  /** IANA zone as HubSpot names it, e.g. "US/Eastern" */
  timeZone: string;
  /** ISO 4217 code of the company (home) currency */
  companyCurrency: string;
  /** the other currencies deals may be in */
  additionalCurrencies: string[];
  uiDomain: string;
  dataHostingLocation: string;
};

export type SandboxDataset = {
  seed: number;
  /** Epoch ms the dataset's dates are relative to. */
  now: number;
  objects: Record<CrmObjectType, SandboxRecord[]>;
  associations: SandboxAssociation[];
  pipelines: { deals: SandboxPipeline[]; tickets: SandboxPipeline[] };
  owners: SandboxOwner[];
  /** The account's currencies and time zone (the portal options may override any field). */
  account: SandboxAccount;
  /** Company property groups and definitions (write-back creates more). */
  propertyGroups: SandboxPropertyGroup[];
  companyProperties: SandboxPropertyDefinition[];
  /** Hidden true health per company id, 0 (about to churn) .. 1 (thriving); never served over HTTP. */
  truth: Record<string, number>;
};

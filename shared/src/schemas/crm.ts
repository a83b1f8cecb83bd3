import { z } from 'zod';

/**
 * The CRM records Pulse reads, in OUR shape: typed numbers, epoch-millisecond instants, explicit nulls.
 * HubSpot sends every property as `string | null`; server/src/hubspot mappers coerce once, into these.
 * Instants are epoch milliseconds (`...At`) so the pure core compares numbers and never needs a clock.
 */

/**
 * The CRM object types Pulse touches, spelled once. Inside Pulse (store tables, sync phases and counts, the
 * sandbox's dataset) a type is always its key here; HubSpot's spellings are looked up at the edge: `apiName`
 * in API paths (`/crm/v3/objects/{apiName}`, `/crm/v4/associations/{from}/{to}`), `objectTypeId` in webhook
 * events and schema APIs, `singular` in webhook subscriptions and HubSpot's error messages.
 */
export const CRM_OBJECTS = {
  companies: { apiName: 'companies', objectTypeId: '0-2', singular: 'company' },
  contacts: { apiName: 'contacts', objectTypeId: '0-1', singular: 'contact' },
  deals: { apiName: 'deals', objectTypeId: '0-3', singular: 'deal' },
  tickets: { apiName: 'tickets', objectTypeId: '0-5', singular: 'ticket' },
  /** HubSpot's feedback submissions (survey responses), read-only. */
  responses: { apiName: 'feedback_submissions', objectTypeId: '0-19', singular: 'feedback_submission' },
  /** Tasks Pulse's playbooks create (an engagement object). */
  tasks: { apiName: 'tasks', objectTypeId: '0-27', singular: 'task' },
} as const satisfies Record<string, { apiName: string; objectTypeId: string; singular: string }>;

export type CrmObjectType = keyof typeof CRM_OBJECTS;
/** Every type in `CRM_OBJECTS`, in its order. */
export const CRM_OBJECT_TYPES = [
  'companies',
  'contacts',
  'deals',
  'tickets',
  'responses',
  'tasks',
] as const satisfies readonly CrmObjectType[];
const _everyTypeListed: Exclude<CrmObjectType, (typeof CRM_OBJECT_TYPES)[number]> extends never
  ? true
  : never = true;
export const ZCrmObjectType = z.enum(CRM_OBJECT_TYPES);
/** The record types Pulse reads and scores, in the order a full sync reads them. */
export const SYNCED_OBJECT_TYPES = [
  'companies',
  'contacts',
  'deals',
  'tickets',
  'responses',
] as const satisfies readonly CrmObjectType[];
export type SyncedObjectType = (typeof SYNCED_OBJECT_TYPES)[number];
/** HubSpot's name for an object type in API paths. */
export type HubSpotObjectName = (typeof CRM_OBJECTS)[CrmObjectType]['apiName'];

const BY_SPELLING: ReadonlyMap<string, CrmObjectType> = new Map(
  CRM_OBJECT_TYPES.flatMap((type) => {
    const { apiName, objectTypeId, singular } = CRM_OBJECTS[type];
    return [type, apiName, objectTypeId, singular].map((spelling) => [spelling, type] as const);
  }),
);

/** Our name for any spelling of an object type (ours, HubSpot's API name, singular or object type id; any case). */
export function crmObjectTypeOf(spelling: string): CrmObjectType | null {
  return BY_SPELLING.get(spelling.toLowerCase()) ?? null;
}

const ZId = z.string().min(1);
const ZInstant = z.number().int().finite();
const ZMoney = z.number().finite();

export const ZCompany = z.object({
  id: ZId,
  name: z.string(),
  domain: z.string().nullable(),
  ownerId: ZId.nullable(),
  /** `notes_last_contacted` */
  lastContactedAt: ZInstant.nullable(),
  /** `hs_last_sales_activity_date` (fallback for last contact) */
  lastSalesActivityAt: ZInstant.nullable(),
  /** `num_associated_contacts` */
  associatedContacts: z.number().int().nonnegative().nullable(),
  annualRevenue: ZMoney.nullable(),
  lifecycleStage: z.string().nullable(),
  /**
   * Numeric company properties the admin mapped (adoption measures, an ARR property such as `hs_arr`),
   * keyed by HubSpot property name. A mapped property that is unset or not numeric is `null`.
   */
  mapped: z.record(z.string(), z.number().finite().nullable()),
  archived: z.boolean(),
  updatedAt: ZInstant,
});
export type Company = z.infer<typeof ZCompany>;

export const ZContact = z.object({
  id: ZId,
  /** The company of the contact's primary association (type 279 with primary type 1). */
  primaryCompanyId: ZId.nullable(),
  companyIds: z.array(ZId),
  archived: z.boolean(),
  updatedAt: ZInstant,
});
export type Contact = z.infer<typeof ZContact>;

/** Both deals and tickets reference pipelines and stages by portal-specific ids; meaning comes from ZPipeline. */
export const ZDeal = z.object({
  id: ZId,
  name: z.string(),
  pipelineId: ZId,
  stageId: ZId,
  /**
   * In the account's company currency: HubSpot's `amount_in_home_currency`, or `amount` for a deal in the company
   * currency (or with no currency of its own). Null without an amount, and for a deal in another currency that
   * has no company-currency value: that one is described by `unconvertedAmount` instead, never summed.
   */
  amount: ZMoney.nullable(),
  /** Set only for a deal in another currency without a company-currency value: its own amount and currency. */
  unconvertedAmount: z.object({ amount: ZMoney, currencyCode: z.string().min(1) }).optional(),
  closeAt: ZInstant.nullable(),
  /** `dealtype`: HubSpot's defaults are `newbusiness` and `existingbusiness`; portals may add their own. */
  dealType: z.string().nullable(),
  /**
   * `hs_arr` when HubSpot computed it (line items with a recurring billing frequency), in the company currency
   * (a deal in another currency: converted at the deal's own rate, amount_in_home_currency ÷ amount).
   */
  arr: ZMoney.nullable(),
  ownerId: ZId.nullable(),
  createdAt: ZInstant,
  /** `hs_v2_date_entered_current_stage`: used to spot renewals stuck in a stage. */
  stageEnteredAt: ZInstant.nullable(),
  /** Company of the primary deal→company association (type 341 with primary type 5), else null. */
  primaryCompanyId: ZId.nullable(),
  companyIds: z.array(ZId),
  archived: z.boolean(),
  updatedAt: ZInstant,
});
export type Deal = z.infer<typeof ZDeal>;

export const ZTicketPriority = z.enum(['LOW', 'MEDIUM', 'HIGH', 'URGENT']);
export type TicketPriority = z.infer<typeof ZTicketPriority>;

export const ZTicket = z.object({
  id: ZId,
  subject: z.string(),
  pipelineId: ZId,
  stageId: ZId,
  priority: ZTicketPriority.nullable(),
  createdAt: ZInstant,
  closedAt: ZInstant.nullable(),
  /** `time_to_close`, milliseconds */
  timeToCloseMs: z.number().nonnegative().nullable(),
  /** `time_to_first_agent_reply`, milliseconds */
  timeToFirstReplyMs: z.number().nonnegative().nullable(),
  /** Company of the primary ticket→company association (type 339 with primary type 26), else null. */
  primaryCompanyId: ZId.nullable(),
  companyIds: z.array(ZId),
  archived: z.boolean(),
  updatedAt: ZInstant,
});
export type Ticket = z.infer<typeof ZTicket>;

export const ZSurveyType = z.enum(['NPS', 'CSAT', 'CES', 'CUSTOM']);
export type SurveyType = z.infer<typeof ZSurveyType>;
export const ZResponseGroup = z.enum(['PROMOTER', 'PASSIVE', 'DETRACTOR']);
export type ResponseGroup = z.infer<typeof ZResponseGroup>;

/** `feedback_submissions` (object 0-19), read-only in HubSpot. */
export const ZFeedbackSubmission = z.object({
  id: ZId,
  surveyType: ZSurveyType,
  surveyId: z.string().nullable(),
  surveyName: z.string().nullable(),
  /** `hs_value` parsed as a number; null when absent or not numeric. */
  value: z.number().finite().nullable(),
  /** `hs_response_group`; when null, NPS grouping falls back to `value`. */
  responseGroup: ZResponseGroup.nullable(),
  /** `hs_content`: the verbatim comment. */
  content: z.string().nullable(),
  submittedAt: ZInstant,
  /** From the feedback→contact association (98) or `hs_contact_id`. */
  contactId: ZId.nullable(),
  /** From the feedback→ticket association (100) or `hs_ticket_id`. */
  ticketId: ZId.nullable(),
  archived: z.boolean(),
  updatedAt: ZInstant,
});
export type FeedbackSubmission = z.infer<typeof ZFeedbackSubmission>;

export const ZOwner = z.object({
  id: ZId,
  /** The HubSpot user behind this owner: how "my book" finds the calling user's companies. */
  userId: z.number().int().nullable(),
  email: z.string().nullable(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  teams: z.array(z.object({ id: ZId, name: z.string(), primary: z.boolean() })),
  archived: z.boolean(),
});
export type Owner = z.infer<typeof ZOwner>;

export const ZTicketState = z.enum(['OPEN', 'CLOSED']);
export type TicketState = z.infer<typeof ZTicketState>;

export const ZPipelineStage = z.object({
  id: ZId,
  label: z.string(),
  displayOrder: z.number().int(),
  /** Deal stages: `metadata.isClosed`. Ticket stages: derived from ticketState. */
  isClosed: z.boolean(),
  /** Deal stages: `metadata.probability` 0..1 (won = closed with probability 1). Null for ticket stages. */
  probability: z.number().min(0).max(1).nullable(),
  /** Ticket stages: `metadata.ticketState`. Null for deal stages. */
  ticketState: ZTicketState.nullable(),
  archived: z.boolean(),
});
export type PipelineStage = z.infer<typeof ZPipelineStage>;

export const ZPipeline = z.object({
  id: ZId,
  objectType: z.enum(['deals', 'tickets']),
  label: z.string(),
  displayOrder: z.number().int(),
  stages: z.array(ZPipelineStage),
  archived: z.boolean(),
});
export type Pipeline = z.infer<typeof ZPipeline>;

/** Everything the pure core needs about one company, as the store hands it over. */
export const ZCompanyBundle = z.object({
  company: ZCompany,
  /** Deals attributed to this company (primary association), archived ones already excluded or flagged. */
  deals: z.array(ZDeal),
  tickets: z.array(ZTicket),
  /** Feedback attributed to this company (response→contact→company, else response→ticket→company). */
  responses: z.array(ZFeedbackSubmission),
  /** Number of non-archived contacts associated with the company (falls back to the company property). */
  contactCount: z.number().int().nonnegative().nullable(),
});
export type CompanyBundle = z.infer<typeof ZCompanyBundle>;

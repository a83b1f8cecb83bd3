import { z } from 'zod';
import {
  ZCompany,
  ZContact,
  ZDeal,
  ZFeedbackSubmission,
  ZOwner,
  ZPipeline,
  ZResponseGroup,
  ZSurveyType,
  ZTicket,
  ZTicketPriority,
  type Company,
  type Contact,
  type Deal,
  type FeedbackSubmission,
  type Owner,
  type Pipeline,
  type PipelineStage,
  type Ticket,
} from '@pulse/shared';
import { MalformedResponseError } from './retry';
import type { ObjectType, SkippedRecord } from './types';

/**
 * HubSpot → our records. HubSpot sends every property as `string | null`; this file is the one place they
 * are coerced. A record that cannot be read faithfully (bad number or date, unknown survey type, missing
 * pipeline) is skipped and reported, never guessed at; the rest of its page is kept.
 *
 * Deliberate leniencies, each reported as a warning and the record kept:
 * - an unknown `hs_ticket_priority` (portals can add their own options) becomes `null`: dropping the ticket
 *   would hide an open ticket from the support numbers, while a null priority only means "not high";
 * - an unknown `hs_response_group` becomes `null`: NPS then groups the response by its `hs_value`.
 */

export type RecordOf = {
  companies: Company;
  contacts: Contact;
  deals: Deal;
  tickets: Ticket;
  feedback_submissions: FeedbackSubmission;
};

/** The properties Pulse reads per object type (HUBSPOT.md); nothing else is requested. */
export const PROPERTIES: Record<ObjectType, readonly string[]> = {
  companies: [
    'name',
    'domain',
    'hubspot_owner_id',
    'notes_last_contacted',
    'hs_last_sales_activity_date',
    'num_associated_contacts',
    'annualrevenue',
    'lifecyclestage',
    'hs_lastmodifieddate',
  ],
  // Only the association matters; asking for one property keeps HubSpot from sending the default (personal) ones.
  contacts: ['lastmodifieddate'],
  deals: [
    'dealname',
    'pipeline',
    'dealstage',
    'amount',
    'amount_in_home_currency',
    'deal_currency_code',
    'closedate',
    'dealtype',
    'hs_is_closed_won',
    'hs_is_closed_lost',
    'hs_arr',
    'createdate',
    'hs_lastmodifieddate',
    'hs_v2_date_entered_current_stage',
    'hubspot_owner_id',
  ],
  tickets: [
    'subject',
    'hs_pipeline',
    'hs_pipeline_stage',
    'hs_ticket_priority',
    'createdate',
    'closed_date',
    'time_to_close',
    'time_to_first_agent_reply',
    'hs_lastmodifieddate',
  ],
  feedback_submissions: [
    'hs_survey_type',
    'hs_survey_id',
    'hs_survey_name',
    'hs_value',
    'hs_response_group',
    'hs_content',
    'hs_submission_timestamp',
    'hs_contact_id',
    'hs_ticket_id',
    'hs_lastmodifieddate',
  ],
};

/** The SDK turns `createdAt`/`updatedAt` into Date objects; raw HTTP (and tests) have strings. */
const ZWhen = z.union([z.date(), z.string()]);
const ZRawObject = z.object({
  id: z.string().min(1),
  properties: z.record(z.string(), z.string().nullable().optional()),
  createdAt: ZWhen.optional(),
  updatedAt: ZWhen.optional(),
  archived: z.boolean().optional(),
});
type RawObject = z.infer<typeof ZRawObject>;

/** A list/search/batch response must at least carry a `results` array; an HTML page parsed as text does not. */
const ZEnvelope = z.object({ results: z.array(z.unknown()) });
export const parseEnvelope = (body: unknown, what: string): unknown[] => {
  const parsed = ZEnvelope.safeParse(body);
  if (!parsed.success) throw new MalformedResponseError(`${what}: the response has no results array`);
  return parsed.data.results;
};

/** Reads typed values out of a property bag, collecting every problem instead of throwing at the first. */
const propertyReader = (props: RawObject['properties']) => {
  const problems: string[] = [];
  const raw = (name: string): string | null => {
    const value = props[name];
    return value === undefined || value === null || value.trim() === '' ? null : value;
  };
  const num = (name: string): number | null => {
    const value = raw(name);
    if (value === null) return null;
    const n = Number(value);
    if (!Number.isFinite(n)) problems.push(`${name} is not a number: ${JSON.stringify(value.slice(0, 40))}`);
    return Number.isFinite(n) ? n : null;
  };
  const instant = (name: string): number | null => {
    const value = raw(name);
    if (value === null) return null;
    const ms = parseInstant(value);
    if (ms === null) problems.push(`${name} is not a date: ${JSON.stringify(value.slice(0, 40))}`);
    return ms;
  };
  const required = (name: string): string => {
    const value = raw(name);
    if (value === null) problems.push(`${name} is missing`);
    return value ?? '';
  };
  return { raw, num, instant, required, problems };
};

/** HubSpot writes instants either as ISO-8601 or as epoch milliseconds in a string (e.g. `notes_last_contacted`). */
export const parseInstant = (value: string | Date): number | null => {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.getTime();
  const text = value.trim();
  if (/^-?\d+$/.test(text)) return Number(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text)) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
};

export type MapContext = {
  /** numeric company properties the admin mapped (adoption, ARR) */
  mappedProperties: readonly string[];
  /** the account's company currency (ISO 4217), null when the account details could not be read */
  companyCurrency: string | null;
  skipped: SkippedRecord[];
  warnings: SkippedRecord[];
};

type Mapped<T> = { ok: true; record: T } | { ok: false; reason: string };

const finish = <T>(schema: z.ZodType<T>, record: unknown, problems: string[]): Mapped<T> => {
  if (problems.length > 0) return { ok: false, reason: problems.join('; ') };
  const parsed = schema.safeParse(record);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, reason: `${issue?.path.join('.') ?? ''} ${issue?.message ?? 'invalid'}`.trim() };
  }
  return { ok: true, record: parsed.data };
};

const timestamps = (raw: RawObject, problems: string[]) => {
  const createdAt = raw.createdAt === undefined ? null : parseInstant(raw.createdAt);
  const updatedAt = raw.updatedAt === undefined ? null : parseInstant(raw.updatedAt);
  if (createdAt === null) problems.push('createdAt is missing or not a date');
  return { createdAt: createdAt ?? 0, updatedAt: updatedAt ?? createdAt ?? 0 };
};

const mapCompany = (raw: RawObject, ctx: MapContext): Mapped<Company> => {
  const p = propertyReader(raw.properties);
  const { updatedAt } = timestamps(raw, p.problems);
  const mapped: Record<string, number | null> = {};
  for (const name of ctx.mappedProperties) {
    // A mapped property that is unset or not numeric is "no data" for that measure, not a broken company.
    const value = p.raw(name);
    const n = value === null ? NaN : Number(value);
    mapped[name] = Number.isFinite(n) ? n : null;
  }
  const associatedContacts = p.num('num_associated_contacts');
  return finish(
    ZCompany,
    {
      id: raw.id,
      name: p.raw('name') ?? '',
      domain: p.raw('domain'),
      ownerId: p.raw('hubspot_owner_id'),
      lastContactedAt: p.instant('notes_last_contacted'),
      lastSalesActivityAt: p.instant('hs_last_sales_activity_date'),
      associatedContacts,
      annualRevenue: p.num('annualrevenue'),
      lifecycleStage: p.raw('lifecyclestage'),
      mapped,
      archived: raw.archived ?? false,
      updatedAt,
    },
    p.problems,
  );
};

const mapContact = (raw: RawObject): Mapped<Contact> => {
  const p = propertyReader(raw.properties);
  const { updatedAt } = timestamps(raw, p.problems);
  return finish(
    ZContact,
    { id: raw.id, primaryCompanyId: null, companyIds: [], archived: raw.archived ?? false, updatedAt },
    p.problems,
  );
};

/**
 * A deal's amounts in the company currency. HubSpot keeps `amount` in the deal's own currency
 * (`deal_currency_code`) and its company-currency value in `amount_in_home_currency`. Without that value only a deal
 * in the company currency (or with no currency of its own: a single-currency portal) can be read as is; any other
 * is kept out of every sum and reported, never mixed in at face value.
 */
const homeAmounts = (p: ReturnType<typeof propertyReader>, ctx: MapContext, id: string) => {
  const amount = p.num('amount');
  const home = p.num('amount_in_home_currency');
  const arr = p.num('hs_arr');
  const currencyCode = p.raw('deal_currency_code')?.toUpperCase() ?? null;
  const isHomeCurrency = currencyCode === null || currencyCode === ctx.companyCurrency;
  if (home !== null) {
    // hs_arr is in the deal's currency too: convert it at the deal's own rate.
    const rate = isHomeCurrency ? 1 : amount ? home / amount : null;
    return { amount: home, arr: arr === null || rate === null ? null : arr * rate };
  }
  if (amount === null || isHomeCurrency) return { amount, arr };
  ctx.warnings.push({
    objectType: 'deals',
    id,
    reason: `amount ${amount} ${currencyCode} has no ${ctx.companyCurrency ?? 'company-currency'} value (amount_in_home_currency): left out of ARR and renewal amounts`,
  });
  return { amount: null, arr: null, unconvertedAmount: { amount, currencyCode } };
};

const mapDeal = (raw: RawObject, ctx: MapContext): Mapped<Deal> => {
  const p = propertyReader(raw.properties);
  const { createdAt, updatedAt } = timestamps(raw, p.problems);
  return finish(
    ZDeal,
    {
      id: raw.id,
      name: p.raw('dealname') ?? '',
      pipelineId: p.required('pipeline'),
      stageId: p.required('dealstage'),
      ...homeAmounts(p, ctx, raw.id),
      closeAt: p.instant('closedate'),
      dealType: p.raw('dealtype'),
      ownerId: p.raw('hubspot_owner_id'),
      createdAt: p.instant('createdate') ?? createdAt,
      stageEnteredAt: p.instant('hs_v2_date_entered_current_stage'),
      primaryCompanyId: null,
      companyIds: [],
      archived: raw.archived ?? false,
      updatedAt,
    },
    p.problems,
  );
};

const mapTicket = (raw: RawObject, ctx: MapContext): Mapped<Ticket> => {
  const p = propertyReader(raw.properties);
  const { createdAt, updatedAt } = timestamps(raw, p.problems);
  const priorityText = p.raw('hs_ticket_priority');
  const priority = priorityText === null ? null : ZTicketPriority.safeParse(priorityText.toUpperCase());
  if (priority && !priority.success) {
    ctx.warnings.push({
      objectType: 'tickets',
      id: raw.id,
      reason: `unknown hs_ticket_priority ${JSON.stringify(priorityText)}: kept with no priority`,
    });
  }
  return finish(
    ZTicket,
    {
      id: raw.id,
      subject: p.raw('subject') ?? '',
      pipelineId: p.required('hs_pipeline'),
      stageId: p.required('hs_pipeline_stage'),
      priority: priority?.success ? priority.data : null,
      createdAt: p.instant('createdate') ?? createdAt,
      closedAt: p.instant('closed_date'),
      timeToCloseMs: p.num('time_to_close'),
      timeToFirstReplyMs: p.num('time_to_first_agent_reply'),
      primaryCompanyId: null,
      companyIds: [],
      archived: raw.archived ?? false,
      updatedAt,
    },
    p.problems,
  );
};

const mapFeedback = (raw: RawObject, ctx: MapContext): Mapped<FeedbackSubmission> => {
  const p = propertyReader(raw.properties);
  const { createdAt, updatedAt } = timestamps(raw, p.problems);
  const typeText = p.required('hs_survey_type');
  const surveyType = ZSurveyType.safeParse(typeText.toUpperCase());
  if (typeText !== '' && !surveyType.success)
    p.problems.push(`unknown hs_survey_type ${JSON.stringify(typeText)}`);
  const groupText = p.raw('hs_response_group');
  const group = groupText === null ? null : ZResponseGroup.safeParse(groupText.toUpperCase());
  if (group && !group.success) {
    ctx.warnings.push({
      objectType: 'feedback_submissions',
      id: raw.id,
      reason: `unknown hs_response_group ${JSON.stringify(groupText)}: grouped by hs_value instead`,
    });
  }
  // hs_value is free text for CUSTOM surveys: not numeric means "no value", not a broken response.
  const valueText = p.raw('hs_value');
  const value = valueText === null || !Number.isFinite(Number(valueText)) ? null : Number(valueText);
  return finish(
    ZFeedbackSubmission,
    {
      id: raw.id,
      surveyType: surveyType.success ? surveyType.data : 'CUSTOM',
      surveyId: p.raw('hs_survey_id'),
      surveyName: p.raw('hs_survey_name'),
      value,
      responseGroup: group?.success ? group.data : null,
      content: p.raw('hs_content'),
      submittedAt: p.instant('hs_submission_timestamp') ?? createdAt,
      contactId: p.raw('hs_contact_id'),
      ticketId: p.raw('hs_ticket_id'),
      archived: raw.archived ?? false,
      updatedAt,
    },
    p.problems,
  );
};

const rawIdOf = (value: unknown): string => {
  const id = (value as { id?: unknown } | null)?.id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : '(no id)';
};

/** Maps one page of raw results; bad records go to `ctx.skipped`, the good ones are returned in order. */
export const mapRecords = <T extends ObjectType>(
  objectType: T,
  results: unknown[],
  ctx: MapContext,
): RecordOf[T][] => {
  const records: RecordOf[T][] = [];
  for (const item of results) {
    const raw = ZRawObject.safeParse(item);
    if (!raw.success) {
      ctx.skipped.push({ objectType, id: rawIdOf(item), reason: 'not a CRM object (no id or properties)' });
      continue;
    }
    const mapped = mapOne(objectType, raw.data, ctx);
    if (mapped.ok) records.push(mapped.record as RecordOf[T]);
    else ctx.skipped.push({ objectType, id: raw.data.id, reason: mapped.reason });
  }
  return records;
};

const mapOne = (objectType: ObjectType, raw: RawObject, ctx: MapContext): Mapped<RecordOf[ObjectType]> => {
  switch (objectType) {
    case 'companies':
      return mapCompany(raw, ctx);
    case 'contacts':
      return mapContact(raw);
    case 'deals':
      return mapDeal(raw, ctx);
    case 'tickets':
      return mapTicket(raw, ctx);
    case 'feedback_submissions':
      return mapFeedback(raw, ctx);
    default: {
      const unreachable: never = objectType;
      throw new Error(`unknown object type ${String(unreachable)}`);
    }
  }
};

const ZRawOwner = z.object({
  id: z.string().min(1),
  userId: z.number().int().nullable().optional(),
  email: z.string().nullable().optional(),
  firstName: z.string().nullable().optional(),
  lastName: z.string().nullable().optional(),
  teams: z
    .array(z.object({ id: z.string(), name: z.string(), primary: z.boolean().optional() }))
    .nullable()
    .optional(),
  archived: z.boolean().optional(),
});

export const mapOwners = (results: unknown[], skipped: SkippedRecord[]): Owner[] => {
  const owners: Owner[] = [];
  for (const item of results) {
    const raw = ZRawOwner.safeParse(item);
    if (!raw.success) {
      skipped.push({ objectType: 'owners', id: rawIdOf(item), reason: 'owner without a usable id' });
      continue;
    }
    const o = raw.data;
    const mapped = ZOwner.safeParse({
      id: o.id,
      userId: o.userId ?? null,
      email: o.email || null,
      firstName: o.firstName || null,
      lastName: o.lastName || null,
      teams: (o.teams ?? []).map((t) => ({ id: t.id, name: t.name, primary: t.primary ?? false })),
      archived: o.archived ?? false,
    });
    if (mapped.success) owners.push(mapped.data);
    else
      skipped.push({
        objectType: 'owners',
        id: o.id,
        reason: mapped.error.issues[0]?.message ?? 'invalid owner',
      });
  }
  return owners;
};

const ZRawPipeline = z.object({
  id: z.string().min(1),
  label: z.string(),
  displayOrder: z.number().int(),
  archived: z.boolean().optional(),
  stages: z.array(
    z.object({
      id: z.string().min(1),
      label: z.string(),
      displayOrder: z.number().int(),
      metadata: z.record(z.string(), z.string().nullable()).optional(),
      archived: z.boolean().optional(),
    }),
  ),
});

/**
 * Stage meaning comes from metadata, never from stage ids (they differ per portal). A stage whose metadata we
 * cannot read is skipped and reported: guessing "open" or "closed" would silently skew every count.
 */
export const mapPipelines = (
  objectType: 'deals' | 'tickets',
  results: unknown[],
  skipped: SkippedRecord[],
): Pipeline[] => {
  const pipelines: Pipeline[] = [];
  for (const item of results) {
    const raw = ZRawPipeline.safeParse(item);
    if (!raw.success) {
      skipped.push({
        objectType: `${objectType}_pipelines`,
        id: rawIdOf(item),
        reason: 'pipeline without id, label or stages',
      });
      continue;
    }
    const stages: PipelineStage[] = [];
    for (const s of raw.data.stages) {
      const meta = s.metadata ?? {};
      let stage: PipelineStage | string;
      if (objectType === 'deals') {
        const probability =
          meta.probability == null || meta.probability === '' ? null : Number(meta.probability);
        stage =
          probability !== null && !(probability >= 0 && probability <= 1)
            ? `probability is not 0..1: ${JSON.stringify(meta.probability)}`
            : {
                id: s.id,
                label: s.label,
                displayOrder: s.displayOrder,
                isClosed: meta.isClosed === 'true',
                probability,
                ticketState: null,
                archived: s.archived ?? false,
              };
      } else {
        const state = meta.ticketState?.toUpperCase();
        stage =
          state === 'OPEN' || state === 'CLOSED'
            ? {
                id: s.id,
                label: s.label,
                displayOrder: s.displayOrder,
                isClosed: state === 'CLOSED',
                probability: null,
                ticketState: state,
                archived: s.archived ?? false,
              }
            : `unknown ticketState ${JSON.stringify(meta.ticketState ?? null)}`;
      }
      if (typeof stage === 'string')
        skipped.push({ objectType: `${objectType}_pipeline_stages`, id: s.id, reason: stage });
      else stages.push(stage);
    }
    const pipeline = ZPipeline.safeParse({
      id: raw.data.id,
      objectType,
      label: raw.data.label,
      displayOrder: raw.data.displayOrder,
      stages,
      archived: raw.data.archived ?? false,
    });
    if (pipeline.success) pipelines.push(pipeline.data);
    else
      skipped.push({
        objectType: `${objectType}_pipelines`,
        id: raw.data.id,
        reason: pipeline.error.issues[0]?.message ?? 'invalid pipeline',
      });
  }
  return pipelines;
};

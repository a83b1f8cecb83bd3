import { z } from 'zod';
import type { Owner, Pipeline } from '@pulse/shared';
import {
  mapOwners,
  mapPipelines,
  mapRecords,
  parseEnvelope,
  PROPERTIES,
  type MapContext,
  type RecordOf,
} from './mappers';
import type { PortalLimiter } from './rate-limiter';
import { createCallStats, MalformedResponseError, type CallStats, type RetryOptions } from './retry';
import { createSdkCaller, requestJson } from './sdk-call';
import type { Logger, ObjectType, SkippedRecord } from './types';
import { createWriter, type CompanyUpdate } from './writer';

export const PAGE_LIMIT = 100;
export const SEARCH_LIMIT = 200;
export const BATCH_READ_LIMIT = 100;
/** HubSpot rejects association batch reads of more than 1,000 ids (changelog, February 2025). */
export const ASSOCIATION_BATCH_LIMIT = 1000;
/** A search query never returns more than 10,000 results; past that, the time range is split. */
export const SEARCH_RESULT_CAP = 10_000;

/** Association type ids that mark the primary company (HUBSPOT.md). */
export const PRIMARY_COMPANY_TYPE: Partial<Record<ObjectType, number>> = {
  contacts: 1,
  deals: 5,
  tickets: 26,
};

/** Contacts keep their last-modified date in `lastmodifieddate`; every other object in `hs_lastmodifieddate`. */
export const MODIFIED_PROPERTY: Record<ObjectType, string> = {
  companies: 'hs_lastmodifieddate',
  contacts: 'lastmodifieddate',
  deals: 'hs_lastmodifieddate',
  tickets: 'hs_lastmodifieddate',
  feedback_submissions: 'hs_lastmodifieddate',
};

export type ReadOptions = {
  /** numeric company properties to read besides Pulse's own (adoption measures, ARR) */
  mappedProperties?: readonly string[];
};

export type Page<T> = {
  records: T[];
  skipped: SkippedRecord[];
  warnings: SkippedRecord[];
  next: string | null;
};
export type SearchPage<T> = Page<T> & { total: number };
export type AssociationTarget = { id: string; typeIds: number[] };
/** A company property as the settings page offers it; `type` is HubSpot's data type (`number`, `string`, …). */
export type CompanyProperty = { name: string; label: string; type: string };

export type PortalClient = {
  readonly portalId: number;
  readonly stats: CallStats;
  readPage<T extends ObjectType>(
    objectType: T,
    after?: string | null,
    options?: ReadOptions,
  ): Promise<Page<RecordOf[T]>>;
  /** One page of records modified in [since, until) (until open when omitted), oldest first. */
  searchModified<T extends ObjectType>(
    objectType: T,
    range: { since: number; until?: number | null; after?: string | null },
    options?: ReadOptions,
  ): Promise<SearchPage<RecordOf[T]>>;
  /** Every record modified since `since`, page by page, splitting the range whenever a query would pass the 10,000 cap. */
  iterateModified<T extends ObjectType>(
    objectType: T,
    range: { since: number; until: number },
    options?: ReadOptions,
  ): AsyncGenerator<Page<RecordOf[T]>>;
  /** Records by id; ids HubSpot no longer has come back in `missing`. */
  batchRead<T extends ObjectType>(
    objectType: T,
    ids: readonly string[],
    options?: ReadOptions,
  ): Promise<{
    records: RecordOf[T][];
    skipped: SkippedRecord[];
    warnings: SkippedRecord[];
    missing: string[];
  }>;
  /** Targets per source id with their association type ids (so the primary one can be told apart). */
  readAssociations(
    from: ObjectType,
    to: ObjectType,
    ids: readonly string[],
  ): Promise<Map<string, AssociationTarget[]>>;
  getPipelines(objectType: 'deals' | 'tickets'): Promise<{ pipelines: Pipeline[]; skipped: SkippedRecord[] }>;
  getOwners(): Promise<{ owners: Owner[]; skipped: SkippedRecord[] }>;
  /** The portal's company properties (`GET /crm/v3/properties/companies`), hidden ones left out. */
  listCompanyProperties(): Promise<CompanyProperty[]>;
  /** Creates the `pulse` property group and Pulse's company properties when missing (idempotent). */
  ensureCompanyProperties(): Promise<void>;
  updateCompanies(rows: readonly CompanyUpdate[]): Promise<void>;
};

export type PortalClientOptions = {
  portalId: number;
  baseUrl: string;
  getAccessToken: () => Promise<string>;
  limiter: PortalLimiter;
  retry?: Partial<RetryOptions>;
  logger?: Logger;
  stats?: CallStats;
};

const chunk = <T>(items: readonly T[], size: number): T[][] => {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
};

const ZNext = z.object({ paging: z.object({ next: z.object({ after: z.string() }).optional() }).nullish() });
const nextOf = (body: unknown): string | null => {
  const parsed = ZNext.safeParse(body);
  return parsed.success ? (parsed.data.paging?.next?.after ?? null) : null;
};

const ZProperty = z.object({
  name: z.string().min(1),
  label: z.string(),
  type: z.string(),
  hidden: z.boolean().optional(),
});

const ZAssociationResult = z.object({
  _from: z.object({ id: z.coerce.string() }).optional(),
  from: z.object({ id: z.coerce.string() }).optional(),
  to: z.array(
    z.object({
      toObjectId: z.coerce.string(),
      associationTypes: z.array(z.object({ typeId: z.number().int() })),
    }),
  ),
  paging: z.object({ next: z.object({ after: z.string() }).optional() }).nullish(),
});

export const createPortalClient = (options: PortalClientOptions): PortalClient => {
  const stats = options.stats ?? createCallStats();
  const call = createSdkCaller({ ...options, stats });
  const propertiesOf = (objectType: ObjectType, read: ReadOptions = {}): string[] =>
    objectType === 'companies'
      ? [...new Set([...PROPERTIES.companies, ...(read.mappedProperties ?? [])])]
      : [...PROPERTIES[objectType]];
  const context = (read: ReadOptions = {}): MapContext => ({
    mappedProperties: read.mappedProperties ?? [],
    skipped: [],
    warnings: [],
  });

  const searchModified: PortalClient['searchModified'] = async (objectType, range, read) => {
    const property = MODIFIED_PROPERTY[objectType];
    const filters = [{ propertyName: property, operator: 'GTE', value: String(range.since) }];
    if (range.until != null)
      filters.push({ propertyName: property, operator: 'LT', value: String(range.until) });
    const body = await call(`search ${objectType}`, 'search', async (client, _probe, meta) => {
      const response = await requestJson(client, meta, {
        method: 'POST',
        path: `/crm/v3/objects/${objectType}/search`,
        body: {
          filterGroups: [{ filters }],
          sorts: [{ propertyName: property, direction: 'ASCENDING' }],
          properties: propertiesOf(objectType, read),
          limit: SEARCH_LIMIT,
          ...(range.after ? { after: range.after } : {}),
        },
      });
      const total = (response as { total?: unknown } | null)?.total;
      if (typeof total !== 'number') throw new MalformedResponseError(`search ${objectType}: no total`);
      return { results: parseEnvelope(response, `search ${objectType}`), total, next: nextOf(response) };
    });
    const ctx = context(read);
    const records = mapRecords(objectType, body.results, ctx);
    return { records, skipped: ctx.skipped, warnings: ctx.warnings, next: body.next, total: body.total };
  };

  async function* iterateModified<T extends ObjectType>(
    objectType: T,
    range: { since: number; until: number },
    read?: ReadOptions,
  ): AsyncGenerator<Page<RecordOf[T]>> {
    const first = await searchModified(objectType, { since: range.since, until: range.until }, read);
    if (first.total > SEARCH_RESULT_CAP && range.until - range.since > 1) {
      // The first page is thrown away: splitting is rare (10,000+ changes) and the halves re-read it.
      const middle = Math.floor((range.since + range.until) / 2);
      yield* iterateModified(objectType, { since: range.since, until: middle }, read);
      yield* iterateModified(objectType, { since: middle, until: range.until }, read);
      return;
    }
    let page: SearchPage<RecordOf[T]> = first;
    yield page;
    while (page.next) {
      page = await searchModified(
        objectType,
        { since: range.since, until: range.until, after: page.next },
        read,
      );
      yield page;
    }
  }

  const writer = createWriter(call);

  return {
    portalId: options.portalId,
    stats,

    async readPage(objectType, after, read) {
      const body = await call(`list ${objectType}`, 'standard', async (client, _probe, meta) => {
        const qs: Record<string, string> = {
          limit: String(PAGE_LIMIT),
          properties: propertiesOf(objectType, read).join(','),
          archived: 'false',
        };
        if (after) qs.after = after;
        const response = await requestJson(client, meta, {
          method: 'GET',
          path: `/crm/v3/objects/${objectType}`,
          qs,
        });
        return { results: parseEnvelope(response, `list ${objectType}`), next: nextOf(response) };
      });
      const ctx = context(read);
      const records = mapRecords(objectType, body.results, ctx);
      return { records, skipped: ctx.skipped, warnings: ctx.warnings, next: body.next };
    },

    searchModified,
    iterateModified,

    async batchRead(objectType, ids, read) {
      const ctx = context(read);
      const records: RecordOf[typeof objectType][] = [];
      const found = new Set<string>();
      for (const part of chunk([...new Set(ids)], BATCH_READ_LIMIT)) {
        const results = await call(`batch read ${objectType}`, 'standard', async (client, probe) => {
          const response: unknown = await client.crm.objects.batchApi.read(
            objectType,
            {
              inputs: part.map((id) => ({ id })),
              properties: propertiesOf(objectType, read),
              propertiesWithHistory: [],
            },
            false,
            probe,
          );
          // Ids HubSpot no longer has come back as errors inside a 207; they surface through `missing` below.
          return parseEnvelope(response, `batch read ${objectType}`);
        });
        for (const item of results) {
          const id = (item as { id?: unknown } | null)?.id;
          if (typeof id === 'string') found.add(id);
        }
        records.push(...mapRecords(objectType, results, ctx));
      }
      const missing = ids.filter((id) => !found.has(id));
      return { records, skipped: ctx.skipped, warnings: ctx.warnings, missing };
    },

    async readAssociations(from, to, ids) {
      const targets = new Map<string, AssociationTarget[]>();
      for (const id of ids) targets.set(id, []);
      // Each input may page on its own (an id with hundreds of targets): keep asking for those until done.
      let pending = [...new Set(ids)].map((id) => ({ id, after: undefined as string | undefined }));
      while (pending.length > 0) {
        const next: typeof pending = [];
        for (const part of chunk(pending, ASSOCIATION_BATCH_LIMIT)) {
          const results = await call(
            `associations ${from}→${to}`,
            'standard',
            async (client, _probe, meta) => {
              const response = await requestJson(client, meta, {
                method: 'POST',
                path: `/crm/v4/associations/${from}/${to}/batch/read`,
                body: { inputs: part.map((p) => (p.after ? { id: p.id, after: p.after } : { id: p.id })) },
              });
              return parseEnvelope(response, `associations ${from}→${to}`);
            },
          );
          for (const item of results) {
            const parsed = ZAssociationResult.safeParse(item);
            if (!parsed.success)
              throw new MalformedResponseError(`associations ${from}→${to}: unreadable result`);
            const fromId = parsed.data._from?.id ?? parsed.data.from?.id;
            if (fromId === undefined) continue;
            const list = targets.get(fromId) ?? [];
            for (const target of parsed.data.to) {
              const existing = list.find((t) => t.id === target.toObjectId);
              const typeIds = target.associationTypes.map((t) => t.typeId);
              if (existing) existing.typeIds = [...new Set([...existing.typeIds, ...typeIds])];
              else list.push({ id: target.toObjectId, typeIds });
            }
            targets.set(fromId, list);
            const after = parsed.data.paging?.next?.after;
            if (after) next.push({ id: fromId, after });
          }
        }
        pending = next;
      }
      return targets;
    },

    async getPipelines(objectType) {
      const results = await call(`pipelines ${objectType}`, 'standard', async (client, probe) => {
        const response: unknown = await client.crm.pipelines.pipelinesApi.getAll(objectType, probe);
        return parseEnvelope(response, `pipelines ${objectType}`);
      });
      const skipped: SkippedRecord[] = [];
      return { pipelines: mapPipelines(objectType, results, skipped), skipped };
    },

    async getOwners() {
      const all: unknown[] = [];
      let after: string | null = null;
      do {
        const cursor: string | undefined = after ?? undefined;
        const page: { results: unknown[]; next: string | null } = await call(
          'owners',
          'standard',
          async (client, probe) => {
            const response: unknown = await client.crm.owners.ownersApi.getPage(
              undefined,
              cursor,
              500,
              false,
              probe,
            );
            return { results: parseEnvelope(response, 'owners'), next: nextOf(response) };
          },
        );
        all.push(...page.results);
        after = page.next;
      } while (after);
      const skipped: SkippedRecord[] = [];
      return { owners: mapOwners(all, skipped), skipped };
    },

    async listCompanyProperties() {
      const results = await call('company properties', 'standard', async (client, probe) => {
        const response: unknown = await client.crm.properties.coreApi.getAll(
          'companies',
          false,
          undefined,
          probe,
        );
        return parseEnvelope(response, 'company properties');
      });
      const properties: CompanyProperty[] = [];
      for (const item of results) {
        const parsed = ZProperty.safeParse(item);
        // One odd definition must not hide the rest of the catalogue.
        if (!parsed.success || parsed.data.hidden === true) continue;
        properties.push({
          name: parsed.data.name,
          label: parsed.data.label || parsed.data.name,
          type: parsed.data.type,
        });
      }
      return properties;
    },

    ensureCompanyProperties: writer.ensureCompanyProperties,
    updateCompanies: writer.updateCompanies,
  };
};

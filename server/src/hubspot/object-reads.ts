import { z } from 'zod';
import { mapRecords, parseEnvelope, type RecordOf } from './mappers';
import {
  chunk,
  mapContext,
  nextOf,
  propertiesOf,
  type Page,
  type ReadContext,
  type ReadOptions,
} from './read-context';
import { MalformedResponseError } from './retry';
import { requestJson } from './sdk-call';
import type { ObjectType, SkippedRecord } from './types';

/** Reading CRM records: list pages, searches on the last-modified date, batch reads by id. */

export const PAGE_LIMIT = 100;
export const SEARCH_LIMIT = 200;
export const BATCH_READ_LIMIT = 100;
/** A search query never returns more than 10,000 results; past that, the time range is split. */
export const SEARCH_RESULT_CAP = 10_000;

/** Contacts keep their last-modified date in `lastmodifieddate`; every other object in `hs_lastmodifieddate`. */
export const MODIFIED_PROPERTY: Record<ObjectType, string> = {
  companies: 'hs_lastmodifieddate',
  contacts: 'lastmodifieddate',
  deals: 'hs_lastmodifieddate',
  tickets: 'hs_lastmodifieddate',
  feedback_submissions: 'hs_lastmodifieddate',
};

export type SearchPage<T> = Page<T> & { total: number };
export type ModifiedRange = { since: number; until?: number | null; after?: string | null };
export type BatchReadResult<T> = {
  records: T[];
  skipped: SkippedRecord[];
  warnings: SkippedRecord[];
  missing: string[];
};

export const readPage = async <T extends ObjectType>(
  ctx: ReadContext,
  objectType: T,
  after?: string | null,
  read?: ReadOptions,
): Promise<Page<RecordOf[T]>> => {
  const qs: Record<string, string> = {
    limit: String(PAGE_LIMIT),
    properties: propertiesOf(objectType, read).join(','),
    archived: 'false',
  };
  if (after) qs.after = after;
  const body = await ctx.call(
    `list ${objectType}`,
    'standard',
    async (client, _probe, meta) => {
      const response = await requestJson(client, meta, {
        method: 'GET',
        path: `/crm/v3/objects/${objectType}`,
        qs,
      });
      return { results: parseEnvelope(response, `list ${objectType}`), next: nextOf(response) };
    },
    [objectType],
  );
  const map = mapContext(read);
  const records = mapRecords(objectType, body.results, map);
  return { records, skipped: map.skipped, warnings: map.warnings, next: body.next };
};

const ZSearchTotal = z.object({ total: z.number() });

/** One page of records modified in [since, until) (until open when omitted), oldest first. */
export const searchModified = async <T extends ObjectType>(
  ctx: ReadContext,
  objectType: T,
  range: ModifiedRange,
  read?: ReadOptions,
): Promise<SearchPage<RecordOf[T]>> => {
  const property = MODIFIED_PROPERTY[objectType];
  const filters = [{ propertyName: property, operator: 'GTE', value: String(range.since) }];
  if (range.until != null)
    filters.push({ propertyName: property, operator: 'LT', value: String(range.until) });
  const body = await ctx.call(
    `search ${objectType}`,
    'search',
    async (client, _probe, meta) => {
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
      const total = ZSearchTotal.safeParse(response);
      if (!total.success) throw new MalformedResponseError(`search ${objectType}: no total`);
      const results = parseEnvelope(response, `search ${objectType}`);
      return { results, total: total.data.total, next: nextOf(response) };
    },
    [objectType],
  );
  const map = mapContext(read);
  const records = mapRecords(objectType, body.results, map);
  return { records, skipped: map.skipped, warnings: map.warnings, next: body.next, total: body.total };
};

/** Every record modified in [since, until), page by page, splitting the range whenever a query would pass the cap. */
export async function* iterateModified<T extends ObjectType>(
  ctx: ReadContext,
  objectType: T,
  range: { since: number; until: number },
  read?: ReadOptions,
): AsyncGenerator<Page<RecordOf[T]>> {
  const first = await searchModified(ctx, objectType, { since: range.since, until: range.until }, read);
  if (first.total > SEARCH_RESULT_CAP && range.until - range.since > 1) {
    // The first page is thrown away: splitting is rare (10,000+ changes) and the halves re-read it.
    const middle = Math.floor((range.since + range.until) / 2);
    yield* iterateModified(ctx, objectType, { since: range.since, until: middle }, read);
    yield* iterateModified(ctx, objectType, { since: middle, until: range.until }, read);
    return;
  }
  let page: SearchPage<RecordOf[T]> = first;
  yield page;
  while (page.next) {
    page = await searchModified(ctx, objectType, { ...range, after: page.next }, read);
    yield page;
  }
}

const ZIdentified = z.object({ id: z.string() });

/** Records by id; ids HubSpot no longer has come back in `missing`. */
export const batchRead = async <T extends ObjectType>(
  ctx: ReadContext,
  objectType: T,
  ids: readonly string[],
  read?: ReadOptions,
): Promise<BatchReadResult<RecordOf[T]>> => {
  const map = mapContext(read);
  const records: RecordOf[T][] = [];
  const found = new Set<string>();
  for (const part of chunk([...new Set(ids)], BATCH_READ_LIMIT)) {
    const results = await ctx.call(
      `batch read ${objectType}`,
      'standard',
      async (client, probe) => {
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
      },
      [objectType],
    );
    for (const item of results) {
      const identified = ZIdentified.safeParse(item);
      if (identified.success) found.add(identified.data.id);
    }
    records.push(...mapRecords(objectType, results, map));
  }
  const missing = ids.filter((id) => !found.has(id));
  return { records, skipped: map.skipped, warnings: map.warnings, missing };
};

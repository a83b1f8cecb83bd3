import { z } from 'zod';
import { PROPERTIES, type MapContext } from './mappers';
import type { CallStats } from './retry';
import type { SdkCaller } from './sdk-call';
import type { ObjectType, SkippedRecord } from './types';

/** What every reader of one portal shares: the rate-limited, retrying SDK caller and its call counts. */
export type ReadContext = { call: SdkCaller; stats: CallStats };

export type ReadOptions = {
  /** numeric company properties to read besides Pulse's own (adoption measures, ARR) */
  mappedProperties?: readonly string[];
  /** the account's company currency (ISO 4217): deals in it need no amount_in_home_currency */
  companyCurrency?: string | null;
};

export type Page<T> = {
  records: T[];
  skipped: SkippedRecord[];
  warnings: SkippedRecord[];
  next: string | null;
};

export { chunk } from '@pulse/shared';

const ZNext = z.object({ paging: z.object({ next: z.object({ after: z.string() }).optional() }).nullish() });
/** The `paging.next.after` cursor of a HubSpot page, null on the last page. */
export const nextOf = (body: unknown): string | null => {
  const parsed = ZNext.safeParse(body);
  return parsed.success ? (parsed.data.paging?.next?.after ?? null) : null;
};

/** The properties to ask HubSpot for: ours, plus the portal's mapped numeric company properties. */
export const propertiesOf = (objectType: ObjectType, read: ReadOptions = {}): string[] =>
  objectType === 'companies'
    ? [...new Set([...PROPERTIES.companies, ...(read.mappedProperties ?? [])])]
    : [...PROPERTIES[objectType]];

/** A fresh collector for the records a page skipped or kept with warnings. */
export const mapContext = (read: ReadOptions = {}): MapContext => ({
  mappedProperties: read.mappedProperties ?? [],
  companyCurrency: read.companyCurrency ?? null,
  skipped: [],
  warnings: [],
});

// What every section of the dataset generator shares: the seeded random source, the clock the dates are
// relative to, id counters, the stage ids it needs by name, and the sink records and associations go to.
// Sections run in a fixed order over the same random stream, so a seed reproduces the dataset exactly;
// each section works one company at a time, so a caller can drive it page by page.
import type { CrmObjectType } from '@pulse/shared';
import { isoDate } from '../iso-date';
import type {
  SandboxAssociation,
  SandboxDataset,
  SandboxOwner,
  SandboxPipeline,
  SandboxRecord,
} from '../sandbox-dataset';
import type { SeededRandom } from '../seeded-random';
import type { FacetHealth } from './truth-model';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const YEAR = 365 * DAY;

export const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

/** A company's hidden profile: the truth its signals are drawn from, and the facts later sections need. */
export type CompanyProfile = {
  id: string;
  name: string;
  domain: string;
  /** true health 0..1 */
  h: number;
  facets: FacetHealth;
  arr: number;
  ownerId: string | null;
  /** a company with no records at all */
  noData: boolean;
  /** when it became a customer (set by the deals section) */
  start: number;
  /** when its last renewal was lost, if it was */
  churnedAt: number | null;
  /** the amounts of its closed-won deals, summed (HubSpot's `total_revenue`) */
  wonRevenue: number;
  created: number;
  record?: SandboxRecord;
};

export type IdGenerators = Record<'companies' | 'contacts' | 'deals' | 'tickets' | 'feedback', () => string>;

/** The pipelines' stage ids the sections refer to by meaning. */
export type StageIds = {
  sales: SandboxPipeline;
  renewals: SandboxPipeline;
  support: SandboxPipeline;
  openSales: string[];
  openRenewals: string[];
  openTickets: string[];
  salesWon: string;
  salesLost: string;
  renewed: string;
  churned: string;
  ticketClosed: string;
};

export type DatasetContext = {
  readonly rng: SeededRandom;
  /** epoch ms all dates are relative to */
  readonly now: number;
  readonly ids: IdGenerators;
  readonly stages: StageIds;
  readonly owners: SandboxOwner[];
  readonly objects: SandboxDataset['objects'];
  readonly associations: SandboxAssociation[];
  readonly truth: Record<string, number>;
  /** never later than now */
  at(ms: number): number;
  /** Adds a record with HubSpot's always-present properties filled in. */
  record(
    type: CrmObjectType,
    id: string,
    created: number,
    modified: number,
    properties: Record<string, string | null>,
  ): SandboxRecord;
  link(fromType: CrmObjectType, fromId: string, toType: CrmObjectType, toId: string, primary: boolean): void;
};

export function createContext(fields: {
  rng: SeededRandom;
  now: number;
  ids: IdGenerators;
  stages: StageIds;
  owners: SandboxOwner[];
}): DatasetContext {
  const objects: SandboxDataset['objects'] = {
    companies: [],
    contacts: [],
    deals: [],
    tickets: [],
    responses: [],
    tasks: [],
  };
  const associations: SandboxAssociation[] = [];
  const { now } = fields;
  return {
    ...fields,
    objects,
    associations,
    truth: {},
    at: (ms) => Math.min(now, ms),
    record(type, id, created, modified, properties) {
      const createdAt = isoDate(created);
      const updatedAt = isoDate(modified);
      const rec: SandboxRecord = {
        id,
        // The caller's object is fresh for every record, so it is completed in place (fewer allocations at 175k records).
        properties: Object.assign(properties, {
          createdate: createdAt,
          hs_lastmodifieddate: updatedAt,
          hs_object_id: id,
        }),
        createdAt,
        updatedAt,
        archived: false,
      };
      objects[type].push(rec);
      return rec;
    },
    link(fromType, fromId, toType, toId, primary) {
      associations.push({ fromType, fromId, toType, toId, primary });
    },
  };
}

/** Stratified shuffle helper: Fisher–Yates over the seeded stream. */
export function shuffled<T>(rng: SeededRandom, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

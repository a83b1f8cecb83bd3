import { isoDate } from './iso-date';
import { CRM_OBJECT_TYPES, type CrmObjectType } from '@pulse/shared';
import type { SandboxAssociation, SandboxDataset, SandboxRecord } from './sandbox-dataset';

export type SandboxWrite = {
  at: string;
  objectType: CrmObjectType;
  id: string;
  properties: Record<string, string | null>;
};

export type AssociationInput = { toType: CrmObjectType; toId: string; primary?: boolean };

/** One portal's live data plus the indexes the HTTP handlers need. Mutations keep both in step. */
export type PortalState = ReturnType<typeof createPortalState>;

type Associated = Array<{ id: string; primary: boolean }>;

/** The portal's data and its indexes: records by id, the highest id per type, associations by either end. */
type Indexed = {
  portalId: number;
  data: SandboxDataset;
  byId: Record<CrmObjectType, Map<string, SandboxRecord>>;
  maxId: Record<CrmObjectType, number>;
  edges: Map<string, SandboxAssociation[]>;
  clock: () => number;
  /** Bumped on every mutation so that cached search results are never served stale. */
  version: number;
};

const keyOf = (type: CrmObjectType, id: string): string => `${type}:${id}`;

function indexEdge(s: Indexed, edge: SandboxAssociation): void {
  for (const key of [keyOf(edge.fromType, edge.fromId), keyOf(edge.toType, edge.toId)]) {
    const list = s.edges.get(key);
    if (list) list.push(edge);
    else s.edges.set(key, [edge]);
  }
}

function indexDataset(portalId: number, source: SandboxDataset, clock: () => number): Indexed {
  // Each portal owns a copy so that mutating one portal (or a test's dataset) never leaks into another.
  const data: SandboxDataset = structuredClone(source);
  const byId = {} as Record<CrmObjectType, Map<string, SandboxRecord>>;
  const maxId = {} as Record<CrmObjectType, number>;
  for (const type of CRM_OBJECT_TYPES) {
    // Lists page in id order, like HubSpot; keep the array sorted once here.
    data.objects[type].sort((a, b) => Number(a.id) - Number(b.id));
    byId[type] = new Map(data.objects[type].map((r) => [r.id, r]));
    maxId[type] = data.objects[type].reduce(
      (m, r) => Math.max(m, Number(r.id)),
      1_000_000 * (CRM_OBJECT_TYPES.indexOf(type) + 1),
    );
  }
  const s: Indexed = { portalId, data, byId, maxId, edges: new Map(), clock, version: 0 };
  data.associations.forEach((edge) => indexEdge(s, edge));
  return s;
}

function requireRecord(s: Indexed, type: CrmObjectType, id: string): SandboxRecord {
  const rec = s.byId[type].get(id);
  if (!rec) throw new Error(`sandbox portal ${s.portalId}: no ${type} record with id ${id}`);
  return rec;
}

/** A mutation: HubSpot bumps the modification date (contacts have a second one). */
function touch(s: Indexed, type: CrmObjectType, rec: SandboxRecord): void {
  s.version++;
  const now = isoDate(s.clock());
  rec.updatedAt = now;
  rec.properties.hs_lastmodifieddate = now;
  if (type === 'contacts') rec.properties.lastmodifieddate = now;
}

/** Records associated with (type, id) of `toType`, with the primary flag; archived ends are left out. */
function associated(s: Indexed, type: CrmObjectType, id: string, toType: CrmObjectType): Associated {
  const out: Associated = [];
  for (const edge of s.edges.get(keyOf(type, id)) ?? []) {
    const isFrom = edge.fromType === type && edge.fromId === id;
    const other = isFrom ? { t: edge.toType, id: edge.toId } : { t: edge.fromType, id: edge.fromId };
    if (other.t !== toType) continue;
    if (s.byId[toType].get(other.id)?.archived !== false) continue;
    out.push({ id: other.id, primary: edge.primary });
  }
  return out;
}

function recountContacts(s: Indexed, companyId: string): void {
  const company = s.byId.companies.get(companyId);
  if (!company) return;
  const count = String(associated(s, 'companies', companyId, 'contacts').length);
  if (company.properties.num_associated_contacts !== count) {
    company.properties.num_associated_contacts = count;
    touch(s, 'companies', company); // a calculated property changed, so HubSpot bumps the record
  }
}

function associate(
  s: Indexed,
  from: { type: CrmObjectType; id: string },
  to: { type: CrmObjectType; id: string },
  primary = false,
): void {
  requireRecord(s, from.type, from.id);
  requireRecord(s, to.type, to.id);
  const existing = (s.edges.get(keyOf(from.type, from.id)) ?? []).find(
    (e) =>
      (e.fromType === from.type && e.fromId === from.id && e.toType === to.type && e.toId === to.id) ||
      (e.fromType === to.type && e.fromId === to.id && e.toType === from.type && e.toId === from.id),
  );
  if (primary) {
    // A record has one primary company: demote the previous one.
    const child = to.type === 'companies' ? from : to;
    for (const e of s.edges.get(keyOf(child.type, child.id)) ?? []) {
      if (e !== existing && (e.toType === 'companies' || e.fromType === 'companies')) e.primary = false;
    }
  }
  s.version++;
  if (existing) {
    existing.primary = existing.primary || primary;
  } else {
    // Stored in the canonical direction: the company (or the contact/ticket a survey hangs on) is the target.
    const companyFirst = from.type === 'companies' || (from.type !== 'responses' && to.type === 'responses');
    const edge: SandboxAssociation = companyFirst
      ? { fromType: to.type, fromId: to.id, toType: from.type, toId: from.id, primary }
      : { fromType: from.type, fromId: from.id, toType: to.type, toId: to.id, primary };
    s.data.associations.push(edge);
    indexEdge(s, edge);
  }
  if (from.type === 'companies' && to.type === 'contacts') recountContacts(s, from.id);
  if (from.type === 'contacts' && to.type === 'companies') recountContacts(s, to.id);
}

function create(
  s: Indexed,
  type: CrmObjectType,
  properties: Record<string, string | null>,
  associations: AssociationInput[],
): SandboxRecord {
  s.maxId[type] += 1 + (s.maxId[type] % 7);
  const id = String(s.maxId[type]);
  const now = isoDate(s.clock());
  const rec: SandboxRecord = {
    id,
    properties: {
      ...properties,
      createdate: now,
      hs_lastmodifieddate: now,
      hs_object_id: id,
      ...(type === 'contacts' ? { lastmodifieddate: now } : {}),
    },
    createdAt: now,
    updatedAt: now,
    archived: false,
  };
  s.version++;
  s.data.objects[type].push(rec); // ids only grow, so the list stays sorted
  s.byId[type].set(id, rec);
  for (const a of associations)
    associate(s, { type, id }, { type: a.toType, id: a.toId }, a.primary ?? false);
  return rec;
}

/**
 * HubSpot calculates a deal's `amount_in_home_currency` from its `amount` at its currency's exchange rate. The sandbox
 * knows no rates, so it keeps the one the deal already has: 1 in the company currency, else home ÷ amount (none when
 * the deal had no company-currency value).
 */
function homeRateOf(s: Indexed, deal: SandboxRecord): number | null {
  const p = deal.properties;
  if (!p.deal_currency_code || p.deal_currency_code === s.data.account.companyCurrency) return 1;
  const amount = Number(p.amount);
  const home = p.amount_in_home_currency == null ? NaN : Number(p.amount_in_home_currency);
  return amount > 0 && Number.isFinite(home) ? home / amount : null;
}

const homeAmountOf = (amount: string | null | undefined, rate: number | null): string | null =>
  amount == null || amount === '' || rate === null ? null : String(Math.round(Number(amount) * rate));

function archive(s: Indexed, type: CrmObjectType, id: string): SandboxRecord {
  const rec = requireRecord(s, type, id);
  const now = isoDate(s.clock());
  s.version++;
  rec.archived = true;
  rec.archivedAt = now;
  rec.updatedAt = now;
  if (type === 'contacts')
    for (const c of associated(s, 'contacts', id, 'companies')) recountContacts(s, c.id);
  return rec;
}

/** Index of the first record with id ≥ `afterId` in the sorted list (binary search). */
function firstIndexFrom(s: Indexed, type: CrmObjectType, afterId: number): number {
  const list = s.data.objects[type];
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (Number((list[mid] as SandboxRecord).id) < afterId) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function createPortalState(portalId: number, source: SandboxDataset, clock: () => number) {
  const s = indexDataset(portalId, source, clock);
  const writes: SandboxWrite[] = [];
  return {
    portalId,
    data: s.data,
    writes,
    version: () => s.version,
    get: (type: CrmObjectType, id: string): SandboxRecord | undefined => s.byId[type].get(id),
    records: (type: CrmObjectType): SandboxRecord[] => s.data.objects[type],
    associated: (type: CrmObjectType, id: string, toType: CrmObjectType) => associated(s, type, id, toType),
    firstIndexFrom: (type: CrmObjectType, afterId: number) => firstIndexFrom(s, type, afterId),
    update(
      type: CrmObjectType,
      id: string,
      properties: Record<string, string | null>,
      via: 'api' | 'test' = 'test',
    ): SandboxRecord {
      const rec = requireRecord(s, type, id);
      const rate = type === 'deals' ? homeRateOf(s, rec) : null;
      Object.assign(rec.properties, properties);
      if (type === 'deals' && 'amount' in properties && !('amount_in_home_currency' in properties))
        rec.properties.amount_in_home_currency = homeAmountOf(rec.properties.amount, rate);
      touch(s, type, rec);
      if (via === 'api')
        writes.push({ at: rec.updatedAt, objectType: type, id, properties: { ...properties } });
      return rec;
    },
    create: (
      type: CrmObjectType,
      properties: Record<string, string | null>,
      associations: AssociationInput[] = [],
    ): SandboxRecord => create(s, type, properties, associations),
    archive: (type: CrmObjectType, id: string): SandboxRecord => archive(s, type, id),
    associate: (
      fromType: CrmObjectType,
      fromId: string,
      toType: CrmObjectType,
      toId: string,
      primary = false,
    ): void => associate(s, { type: fromType, id: fromId }, { type: toType, id: toId }, primary),
  };
}

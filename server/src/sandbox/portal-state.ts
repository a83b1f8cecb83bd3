import { isoDate } from './iso-date';
import type { SandboxAssociation, SandboxDataset, SandboxObjectType, SandboxRecord } from './sandbox-dataset';
import { SANDBOX_OBJECT_TYPES } from './sandbox-dataset';

export type SandboxWrite = {
  at: string;
  objectType: SandboxObjectType;
  id: string;
  properties: Record<string, string | null>;
};

export type AssociationInput = { toType: SandboxObjectType; toId: string; primary?: boolean };

/** One portal's live data plus the indexes the HTTP handlers need. Mutations keep both in step. */
export type PortalState = ReturnType<typeof createPortalState>;

const keyOf = (type: SandboxObjectType, id: string): string => `${type}:${id}`;

export function createPortalState(portalId: number, source: SandboxDataset, clock: () => number) {
  // Each portal owns a copy so that mutating one portal (or a test's dataset) never leaks into another.
  const data: SandboxDataset = structuredClone(source);
  const byId = {} as Record<SandboxObjectType, Map<string, SandboxRecord>>;
  const maxId = {} as Record<SandboxObjectType, number>;
  for (const type of SANDBOX_OBJECT_TYPES) {
    // Lists page in id order, like HubSpot; keep the array sorted once here.
    data.objects[type].sort((a, b) => Number(a.id) - Number(b.id));
    byId[type] = new Map(data.objects[type].map((r) => [r.id, r]));
    maxId[type] = data.objects[type].reduce(
      (m, r) => Math.max(m, Number(r.id)),
      1_000_000 * (SANDBOX_OBJECT_TYPES.indexOf(type) + 1),
    );
  }
  const edges = new Map<string, SandboxAssociation[]>();
  const index = (edge: SandboxAssociation) => {
    for (const key of [keyOf(edge.fromType, edge.fromId), keyOf(edge.toType, edge.toId)]) {
      const list = edges.get(key);
      if (list) list.push(edge);
      else edges.set(key, [edge]);
    }
  };
  data.associations.forEach(index);
  const writes: SandboxWrite[] = [];
  // Bumped on every mutation so that cached search results are never served stale.
  let version = 0;

  const requireRecord = (type: SandboxObjectType, id: string): SandboxRecord => {
    const rec = byId[type].get(id);
    if (!rec) throw new Error(`sandbox portal ${portalId}: no ${type} record with id ${id}`);
    return rec;
  };

  const touch = (type: SandboxObjectType, rec: SandboxRecord): void => {
    version++;
    const now = isoDate(clock());
    rec.updatedAt = now;
    rec.properties.hs_lastmodifieddate = now;
    if (type === 'contacts') rec.properties.lastmodifieddate = now;
  };

  /** Records associated with (type, id) of `toType`, with the primary flag; archived ends are left out. */
  const associated = (
    type: SandboxObjectType,
    id: string,
    toType: SandboxObjectType,
  ): Array<{ id: string; primary: boolean }> => {
    const out: Array<{ id: string; primary: boolean }> = [];
    for (const edge of edges.get(keyOf(type, id)) ?? []) {
      const isFrom = edge.fromType === type && edge.fromId === id;
      const other = isFrom ? { t: edge.toType, id: edge.toId } : { t: edge.fromType, id: edge.fromId };
      if (other.t !== toType) continue;
      if (byId[toType].get(other.id)?.archived !== false) continue;
      out.push({ id: other.id, primary: edge.primary });
    }
    return out;
  };

  const recountContacts = (companyId: string): void => {
    const company = byId.companies.get(companyId);
    if (!company) return;
    const count = String(associated('companies', companyId, 'contacts').length);
    if (company.properties.num_associated_contacts !== count) {
      company.properties.num_associated_contacts = count;
      touch('companies', company); // a calculated property changed, so HubSpot bumps the record
    }
  };

  const associate = (
    fromType: SandboxObjectType,
    fromId: string,
    toType: SandboxObjectType,
    toId: string,
    primary = false,
  ) => {
    requireRecord(fromType, fromId);
    requireRecord(toType, toId);
    const existing = (edges.get(keyOf(fromType, fromId)) ?? []).find(
      (e) =>
        (e.fromType === fromType && e.fromId === fromId && e.toType === toType && e.toId === toId) ||
        (e.fromType === toType && e.fromId === toId && e.toType === fromType && e.toId === fromId),
    );
    if (primary) {
      // A record has one primary company: demote the previous one.
      const [child, childId] = toType === 'companies' ? [fromType, fromId] : [toType, toId];
      for (const e of edges.get(keyOf(child, childId)) ?? []) {
        if (e !== existing && (e.toType === 'companies' || e.fromType === 'companies')) e.primary = false;
      }
    }
    version++;
    if (existing) {
      existing.primary = existing.primary || primary;
    } else {
      // Stored in the canonical direction: the company (or the contact/ticket a survey hangs on) is the target.
      const companyFirst =
        fromType === 'companies' ||
        (fromType !== 'feedback_submissions' && toType === 'feedback_submissions');
      const edge: SandboxAssociation = companyFirst
        ? { fromType: toType, fromId: toId, toType: fromType, toId: fromId, primary }
        : { fromType, fromId, toType, toId, primary };
      data.associations.push(edge);
      index(edge);
    }
    if (fromType === 'companies' && toType === 'contacts') recountContacts(fromId);
    if (fromType === 'contacts' && toType === 'companies') recountContacts(toId);
  };

  return {
    portalId,
    data,
    writes,
    version: () => version,
    get: (type: SandboxObjectType, id: string): SandboxRecord | undefined => byId[type].get(id),
    records: (type: SandboxObjectType): SandboxRecord[] => data.objects[type],
    associated,
    /** Index of the first record with id ≥ `afterId` in the sorted list (binary search). */
    firstIndexFrom(type: SandboxObjectType, afterId: number): number {
      const list = data.objects[type];
      let lo = 0;
      let hi = list.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (Number((list[mid] as SandboxRecord).id) < afterId) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    },
    update(
      type: SandboxObjectType,
      id: string,
      properties: Record<string, string | null>,
      via: 'api' | 'test' = 'test',
    ): SandboxRecord {
      const rec = requireRecord(type, id);
      Object.assign(rec.properties, properties);
      touch(type, rec);
      if (via === 'api')
        writes.push({ at: rec.updatedAt, objectType: type, id, properties: { ...properties } });
      return rec;
    },
    create(
      type: SandboxObjectType,
      properties: Record<string, string | null>,
      associations: AssociationInput[] = [],
    ): SandboxRecord {
      maxId[type] += 1 + (maxId[type] % 7);
      const id = String(maxId[type]);
      const now = isoDate(clock());
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
      version++;
      data.objects[type].push(rec); // ids only grow, so the list stays sorted
      byId[type].set(id, rec);
      for (const a of associations) associate(type, id, a.toType, a.toId, a.primary ?? false);
      return rec;
    },
    archive(type: SandboxObjectType, id: string): SandboxRecord {
      const rec = requireRecord(type, id);
      const now = isoDate(clock());
      version++;
      rec.archived = true;
      rec.archivedAt = now;
      rec.updatedAt = now;
      if (type === 'contacts') for (const c of associated('contacts', id, 'companies')) recountContacts(c.id);
      return rec;
    },
    associate,
  };
}

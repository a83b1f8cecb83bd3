import { badRequest } from './hubspot-responses';
import { crmObjectTypeOf, type CrmObjectType } from '@pulse/shared';
import type { SandboxRecord } from './sandbox-dataset';

// HubSpot compares these as instants whatever form the filter value takes (epoch ms or ISO-8601).
const DATE_PROPERTIES = new Set([
  'createdate',
  'hs_createdate',
  'hs_lastmodifieddate',
  'lastmodifieddate',
  'closedate',
  'closed_date',
  'notes_last_contacted',
  'hs_last_sales_activity_date',
  'hs_v2_date_entered_current_stage',
  'hs_submission_timestamp',
  'hs_timestamp',
]);

const OPERATORS = [
  'EQ',
  'NEQ',
  'LT',
  'LTE',
  'GT',
  'GTE',
  'BETWEEN',
  'IN',
  'NOT_IN',
  'HAS_PROPERTY',
  'NOT_HAS_PROPERTY',
  'CONTAINS_TOKEN',
  'NOT_CONTAINS_TOKEN',
] as const;
type Operator = (typeof OPERATORS)[number];

export type SearchFilter = {
  propertyName: string;
  operator: Operator;
  value?: string;
  highValue?: string;
  values?: string[];
};
export type SearchSort = { propertyName: string; direction: 'ASCENDING' | 'DESCENDING' };

export type SearchRequest = {
  filterGroups: SearchFilter[][];
  sorts: SearchSort[];
  properties: string[] | null;
  limit: number;
  offset: number;
  query: string | null;
};

export const SEARCH_MAX_LIMIT = 200;
export const SEARCH_RESULT_CAP = 10_000;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const asText = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;

/** Validates a search body the way HubSpot does (limits on groups, filters, page size and the 10k window). */
export function parseSearchRequest(body: unknown): SearchRequest {
  if (!isRecord(body)) throw badRequest('Invalid input JSON: expected an object');
  const groupsIn = body.filterGroups ?? [];
  if (!Array.isArray(groupsIn)) throw badRequest('filterGroups must be an array');
  if (groupsIn.length > 5) throw badRequest(`Too many filter groups (${groupsIn.length}); the maximum is 5.`);
  let filterCount = 0;
  const filterGroups = groupsIn.map((group, g) => {
    const filters = isRecord(group) ? group.filters : undefined;
    if (!Array.isArray(filters)) throw badRequest(`filterGroups[${g}].filters must be an array`);
    if (filters.length > 6)
      throw badRequest(`Too many filters in group ${g} (${filters.length}); the maximum is 6.`);
    filterCount += filters.length;
    return filters.map((f, i): SearchFilter => {
      if (!isRecord(f) || typeof f.propertyName !== 'string')
        throw badRequest(`filterGroups[${g}].filters[${i}].propertyName is required`);
      const operator = f.operator;
      if (typeof operator !== 'string' || !(OPERATORS as readonly string[]).includes(operator)) {
        throw badRequest(
          `filterGroups[${g}].filters[${i}].operator ${JSON.stringify(operator)} is not one of ${OPERATORS.join(', ')}`,
        );
      }
      const values = Array.isArray(f.values) ? f.values.map((v) => asText(v) ?? '') : undefined;
      const filter: SearchFilter = {
        propertyName: f.propertyName,
        operator: operator as Operator,
        value: asText(f.value),
        highValue: asText(f.highValue),
        values,
      };
      const needsValue = !['HAS_PROPERTY', 'NOT_HAS_PROPERTY', 'IN', 'NOT_IN'].includes(operator);
      if (needsValue && filter.value === undefined)
        throw badRequest(`filterGroups[${g}].filters[${i}] (${operator}) needs a value`);
      if (operator === 'BETWEEN' && filter.highValue === undefined)
        throw badRequest(`filterGroups[${g}].filters[${i}] (BETWEEN) needs a highValue`);
      if ((operator === 'IN' || operator === 'NOT_IN') && !values)
        throw badRequest(`filterGroups[${g}].filters[${i}] (${operator}) needs values`);
      return filter;
    });
  });
  if (filterCount > 18) throw badRequest(`Too many filters (${filterCount}); the maximum is 18.`);

  const sorts = (Array.isArray(body.sorts) ? body.sorts : []).map((s): SearchSort => {
    if (typeof s === 'string') {
      return s.startsWith('-')
        ? { propertyName: s.slice(1), direction: 'DESCENDING' }
        : { propertyName: s, direction: 'ASCENDING' };
    }
    if (isRecord(s) && typeof s.propertyName === 'string') {
      return {
        propertyName: s.propertyName,
        direction: s.direction === 'DESCENDING' ? 'DESCENDING' : 'ASCENDING',
      };
    }
    throw badRequest(`Invalid sort ${JSON.stringify(s)}`);
  });

  const limit = body.limit === undefined ? 10 : Number(body.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > SEARCH_MAX_LIMIT) {
    throw badRequest(`limit must be between 1 and ${SEARCH_MAX_LIMIT} (got ${JSON.stringify(body.limit)})`);
  }
  const afterText = asText(body.after);
  const offset = afterText === undefined || afterText === '' ? 0 : Number(afterText);
  if (!Number.isInteger(offset) || offset < 0)
    throw badRequest(
      `after must be a paging cursor from a previous page (got ${JSON.stringify(body.after)})`,
    );
  if (offset >= SEARCH_RESULT_CAP) {
    throw badRequest(
      `Search results are limited to ${SEARCH_RESULT_CAP} per query; cannot page past after=${offset}.`,
    );
  }
  const properties = Array.isArray(body.properties)
    ? body.properties.filter((p): p is string => typeof p === 'string')
    : null;
  const query =
    typeof body.query === 'string' && body.query.trim() !== '' ? body.query.trim().toLowerCase() : null;
  return { filterGroups, sorts, properties, limit, offset, query };
}

type Comparable = number | string;

function toInstant(text: string): number {
  return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : Date.parse(text);
}

function comparable(
  propertyName: string,
  recordValue: string,
  filterValue: string,
): [Comparable, Comparable] {
  if (DATE_PROPERTIES.has(propertyName)) return [Date.parse(recordValue), toInstant(filterValue)];
  const a = Number(recordValue);
  const b = Number(filterValue);
  if (recordValue.trim() !== '' && filterValue.trim() !== '' && Number.isFinite(a) && Number.isFinite(b))
    return [a, b];
  return [recordValue.toLowerCase(), filterValue.toLowerCase()];
}

export type AssociationLookup = (
  type: CrmObjectType,
  id: string,
  toType: CrmObjectType,
) => Array<{ id: string }>;

function valueOf(
  record: SandboxRecord,
  propertyName: string,
  objectType: CrmObjectType,
  lookup: AssociationLookup,
): string | null | string[] {
  // `associations.company` style filters match on associated record ids.
  if (propertyName.startsWith('associations.')) {
    const target = propertyName.slice('associations.'.length);
    const toType = crmObjectTypeOf(target);
    return toType ? lookup(objectType, record.id, toType).map((a) => a.id) : null;
  }
  if (propertyName === 'hs_object_id') return record.id;
  return record.properties[propertyName] ?? null;
}

function matches(filter: SearchFilter, raw: string | null | string[]): boolean {
  const { operator, propertyName } = filter;
  if (Array.isArray(raw)) {
    const wanted = operator === 'IN' || operator === 'NOT_IN' ? (filter.values ?? []) : [filter.value ?? ''];
    const hit = raw.some((v) => wanted.includes(v));
    if (operator === 'HAS_PROPERTY') return raw.length > 0;
    if (operator === 'NOT_HAS_PROPERTY') return raw.length === 0;
    return operator === 'NEQ' || operator === 'NOT_IN' ? !hit : hit;
  }
  const present = raw !== null && raw !== '';
  switch (operator) {
    case 'HAS_PROPERTY':
      return present;
    case 'NOT_HAS_PROPERTY':
      return !present;
    case 'NEQ':
      return !present || !eq(propertyName, raw, filter.value ?? '');
    case 'NOT_IN':
      return !present || !(filter.values ?? []).some((v) => eq(propertyName, raw, v));
    default:
      break;
  }
  if (!present) return false;
  switch (operator) {
    case 'EQ':
      return eq(propertyName, raw, filter.value ?? '');
    case 'IN':
      return (filter.values ?? []).some((v) => eq(propertyName, raw, v));
    case 'CONTAINS_TOKEN':
      return raw.toLowerCase().includes((filter.value ?? '').replace(/\*/g, '').toLowerCase());
    case 'NOT_CONTAINS_TOKEN':
      return !raw.toLowerCase().includes((filter.value ?? '').replace(/\*/g, '').toLowerCase());
    case 'BETWEEN': {
      const [a, lo] = comparable(propertyName, raw, filter.value ?? '');
      const [, hi] = comparable(propertyName, raw, filter.highValue ?? '');
      return a >= lo && a <= hi;
    }
    case 'LT':
    case 'LTE':
    case 'GT':
    case 'GTE': {
      const [a, b] = comparable(propertyName, raw, filter.value ?? '');
      if (typeof a === 'number' && typeof b === 'number' && (Number.isNaN(a) || Number.isNaN(b)))
        return false;
      return operator === 'LT' ? a < b : operator === 'LTE' ? a <= b : operator === 'GT' ? a > b : a >= b;
    }
    default:
      return false;
  }
}

function eq(propertyName: string, raw: string, value: string): boolean {
  const [a, b] = comparable(propertyName, raw, value);
  return a === b;
}

const QUERY_FIELDS = [
  'name',
  'domain',
  'dealname',
  'subject',
  'email',
  'firstname',
  'lastname',
  'hs_content',
];

/** Every live record that matches, sorted; the caller slices the page and enforces the 10k window. */
export function searchRecords(
  records: SandboxRecord[],
  request: SearchRequest,
  objectType: CrmObjectType,
  lookup: AssociationLookup,
): SandboxRecord[] {
  const hits = records.filter((record) => {
    if (record.archived) return false;
    if (request.query !== null) {
      const q = request.query;
      if (!QUERY_FIELDS.some((f) => record.properties[f]?.toLowerCase().includes(q)) && record.id !== q)
        return false;
    }
    if (request.filterGroups.length === 0) return true;
    return request.filterGroups.some((group) =>
      group.every((filter) => matches(filter, valueOf(record, filter.propertyName, objectType, lookup))),
    );
  });
  if (request.sorts.length === 0) return hits; // already in id order
  const keyed = hits.map((record) => ({
    record,
    keys: request.sorts.map((s) => sortKey(s.propertyName, record)),
  }));
  keyed.sort((x, y) => {
    for (let i = 0; i < request.sorts.length; i++) {
      const a = x.keys[i] ?? null;
      const b = y.keys[i] ?? null;
      if (a === b) continue;
      if (a === null) return 1; // unset values last, whatever the direction
      if (b === null) return -1;
      const order = a < b ? -1 : 1;
      return request.sorts[i]?.direction === 'DESCENDING' ? -order : order;
    }
    return Number(x.record.id) - Number(y.record.id);
  });
  return keyed.map((k) => k.record);
}

function sortKey(propertyName: string, record: SandboxRecord): Comparable | null {
  const raw = propertyName === 'hs_object_id' ? record.id : record.properties[propertyName];
  if (raw === null || raw === undefined || raw === '') return null;
  if (DATE_PROPERTIES.has(propertyName)) return Date.parse(raw);
  const n = Number(raw);
  return Number.isFinite(n) ? n : raw.toLowerCase();
}

import { describe, expect, it } from 'vitest';
import {
  CRM_OBJECT_TYPES,
  CRM_OBJECTS,
  crmObjectTypeOf,
  SYNCED_OBJECT_TYPES,
  WEBHOOK_OBJECT_TYPES,
} from '@pulse/shared';

describe('the object-type vocabulary', () => {
  it('reads every HubSpot spelling of a type as our one name', () => {
    expect(crmObjectTypeOf('feedback_submissions')).toBe('responses');
    expect(crmObjectTypeOf('feedback_submission')).toBe('responses');
    expect(crmObjectTypeOf('0-19')).toBe('responses');
    expect(crmObjectTypeOf('responses')).toBe('responses');
    expect(crmObjectTypeOf('COMPANY')).toBe('companies');
    expect(crmObjectTypeOf('0-2')).toBe('companies');
    expect(crmObjectTypeOf('0-27')).toBe('tasks');
    for (const type of CRM_OBJECT_TYPES) {
      const { apiName, objectTypeId, singular } = CRM_OBJECTS[type];
      expect([apiName, objectTypeId, singular, type].map(crmObjectTypeOf)).toEqual([type, type, type, type]);
    }
  });

  it('answers null for a spelling it does not know, instead of guessing', () => {
    expect(crmObjectTypeOf('line_items')).toBeNull();
    expect(crmObjectTypeOf('')).toBeNull();
    expect(crmObjectTypeOf('0-999')).toBeNull();
  });

  it('gives every type its own HubSpot names and lists them all', () => {
    expect(new Set(CRM_OBJECT_TYPES).size).toBe(Object.keys(CRM_OBJECTS).length);
    for (const field of ['apiName', 'objectTypeId', 'singular'] as const) {
      const values = CRM_OBJECT_TYPES.map((t) => CRM_OBJECTS[t][field]);
      expect(new Set(values).size, field).toBe(values.length);
    }
    expect(SYNCED_OBJECT_TYPES.every((t) => CRM_OBJECT_TYPES.includes(t))).toBe(true);
  });

  it('spells the manifest webhook object types from the same table', () => {
    expect(WEBHOOK_OBJECT_TYPES.map(crmObjectTypeOf)).toEqual(['companies', 'deals', 'tickets', 'responses']);
  });
});

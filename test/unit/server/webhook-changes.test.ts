import { describe, expect, it } from 'vitest';
import { changesOf, ZWebhookEvent } from '../../../server/src/services/webhooks';

const event = (fields: Record<string, unknown>) =>
  ZWebhookEvent.parse({ eventId: 1, portalId: 7, occurredAt: 1, attemptNumber: 0, ...fields });

describe('association change events', () => {
  it('re-reads both records of a generic object.associationChange (type ids)', () => {
    const changes = changesOf(
      event({
        subscriptionType: 'object.associationChange',
        fromObjectTypeId: '0-3',
        toObjectTypeId: '0-2',
        fromObjectId: 11,
        toObjectId: 22,
        associationRemoved: true,
        isPrimaryAssociation: false,
      }),
    );
    expect(changes).toEqual([
      { objectType: 'deals', id: '11', kind: 'upsert' },
      { objectType: 'companies', id: '22', kind: 'upsert' },
    ]);
  });

  it('reads the sides of a classic association change from associationType', () => {
    const changes = changesOf(
      event({
        subscriptionType: 'contact.associationChange',
        associationType: 'CONTACT_TO_COMPANY',
        fromObjectId: 5,
        toObjectId: '6',
        associationRemoved: false,
      }),
    );
    expect(changes).toEqual([
      { objectType: 'contacts', id: '5', kind: 'upsert' },
      { objectType: 'companies', id: '6', kind: 'upsert' },
    ]);
  });

  it('ignores a side Pulse does not store', () => {
    const changes = changesOf(
      event({
        subscriptionType: 'object.associationChange',
        fromObjectTypeId: '0-7', // products
        toObjectTypeId: '0-2',
        fromObjectId: 1,
        toObjectId: 2,
      }),
    );
    expect(changes).toEqual([{ objectType: 'companies', id: '2', kind: 'upsert' }]);
  });
});

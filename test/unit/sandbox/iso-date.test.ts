import fc from 'fast-check';
import { expect, it } from 'vitest';
import { isoDate } from '../../../server/src/sandbox/iso-date';

it('formats exactly like Date#toISOString for 1970..9999', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 253_402_300_799_999 }), (ms) => {
      expect(isoDate(ms)).toBe(new Date(ms).toISOString());
    }),
    { numRuns: 5000 },
  );
  expect(isoDate(Date.parse('2024-02-29T23:59:59.999Z'))).toBe('2024-02-29T23:59:59.999Z');
});

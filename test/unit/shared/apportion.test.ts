import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { apportionTenths } from '@pulse/shared';

function apportion(parts: number[], totalTenths: number): number[] {
  const out = new Int32Array(parts.length);
  apportionTenths(parts, parts.length, totalTenths, out, new Float64Array(parts.length));
  return [...out];
}

describe('apportionTenths', () => {
  it('gives each part its floor, then the leftover tenths to the largest remainders', () => {
    // quotas 33.33, 33.33, 33.33 of 100 tenths → 33 each, the leftover tenth to the first (ties: larger, earlier)
    expect(apportion([1, 1, 1], 100)).toEqual([34, 33, 33]);
    // quotas 25.5, 49.5, 25 → floors 25, 49, 25 = 99; the one leftover goes to the first .5 (larger part wins)
    expect(apportion([25.5, 49.5, 25], 100)).toEqual([25, 50, 25]);
  });

  it('rescales to the total it is given (the rounded score, not the exact sum)', () => {
    // exact sum 50.42, score 50 → 500 tenths
    expect(apportion([20, 30.42], 500).reduce((a, b) => a + b, 0)).toBe(500);
  });

  it('never gives anything to a zero part, and gives nothing at all for a total of 0', () => {
    expect(apportion([0, 5, 0, 5], 11)).toEqual([0, 6, 0, 5]);
    expect(apportion([3, 4], 0)).toEqual([0, 0]);
    expect(apportion([0, 0], 10)).toEqual([0, 0]);
  });

  it('always adds up to the total', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 0, max: 1000 }),
        (parts, total) => {
          fc.pre(parts.some((p) => p > 0));
          const shares = apportion(parts, total);
          expect(shares.reduce((a, b) => a + b, 0)).toBe(total);
          parts.forEach((p, i) => {
            if (p === 0) expect(shares[i]).toBe(0);
          });
        },
      ),
      { numRuns: 500, seed: 9 },
    );
  });
});

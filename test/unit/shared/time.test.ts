import { describe, expect, it } from 'vitest';
import { chunk, utcDay } from '@pulse/shared';

describe('chunk', () => {
  it('splits a batch into runs of at most `size`, keeping order and every item', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunk([1, 2, 3], 3)).toEqual([[1, 2, 3]]);
    expect(chunk([], 100)).toEqual([]);
  });

  it('rejects a size that would loop forever or drop items, naming the size', () => {
    expect(() => chunk([1], 0)).toThrow(/chunk size must be a positive integer, got 0/);
    expect(() => chunk([1], 1.5)).toThrow(/got 1.5/);
  });
});

describe('utcDay', () => {
  it('is the UTC calendar day, not the local one', () => {
    expect(utcDay(Date.UTC(2026, 2, 1, 23, 59))).toBe('2026-03-01');
    expect(utcDay(Date.UTC(2026, 2, 2, 0, 0))).toBe('2026-03-02');
  });
});

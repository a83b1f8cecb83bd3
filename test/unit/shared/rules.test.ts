import { describe, expect, it } from 'vitest';
import { applyRule, type Rule } from '@pulse/shared';

const contactsRule: Rule = {
  kind: 'steps',
  direction: 'higher_is_better',
  steps: [
    { min: 3, points: 100 },
    { min: 2, points: 70 },
    { min: 1, points: 40 },
  ],
  otherwise: 0,
};
const ticketsRule: Rule = {
  kind: 'steps',
  direction: 'lower_is_better',
  steps: [
    { max: 0, points: 100 },
    { max: 2, points: 60 },
  ],
  otherwise: 20,
};
const npsRule: Rule = { kind: 'linear', from: -100, to: 100, fromPoints: 0, toPoints: 100 };
const outcomeRule: Rule = { kind: 'category', points: { won: 100, lost: 0, true: 80 } };

describe('applyRule', () => {
  it.each([
    [contactsRule, 5, 100],
    [contactsRule, 3, 100], // exactly on a threshold: inclusive
    [contactsRule, 2.99, 70],
    [contactsRule, 2, 70],
    [contactsRule, 1, 40],
    [contactsRule, 0, 0],
    [ticketsRule, 0, 100],
    [ticketsRule, 1, 60],
    [ticketsRule, 2, 60], // on the threshold
    [ticketsRule, 3, 20],
    [npsRule, -100, 0],
    [npsRule, 0, 50],
    [npsRule, 42, 71],
    [npsRule, 100, 100],
    [npsRule, 250, 100], // clamped
    [npsRule, -250, 0],
    [outcomeRule, 'won', 100],
    [outcomeRule, 'lost', 0],
    [outcomeRule, true, 80], // booleans read as "true"/"false"
  ] as const)('%j of %j → %j points', (rule, value, points) => {
    expect(applyRule(rule, value)).toBe(points);
  });

  it.each([
    [contactsRule, null],
    [contactsRule, 'won'],
    [npsRule, Number.NaN],
    [outcomeRule, 'contraction_small'], // a category the rule does not list
    [outcomeRule, false],
  ] as const)('has nothing to say about %j / %j (measure dropped, not zero)', (rule, value) => {
    expect(applyRule(rule, value)).toBeNull();
  });

  it('maps a decreasing linear rule (more hours → fewer points)', () => {
    expect(applyRule({ kind: 'linear', from: 0, to: 200, fromPoints: 100, toPoints: 0 }, 50)).toBe(75);
  });
});

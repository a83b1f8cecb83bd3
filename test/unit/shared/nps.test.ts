import { describe, expect, it } from 'vitest';
import { countNps, npsGroupOf, npsScore, summarizeNps, summarizeCes, summarizeCsat } from '@pulse/shared';
import { NOW, buildResponse, daysAgo } from '../../factories';

const options = { windowDays: 180, trendDays: 90, lowSampleBelow: 5 };
const nps = (...values: number[]) => values.map((value) => buildResponse({ value }));

describe('npsGroupOf', () => {
  it.each([
    [10, 'promoter'],
    [9, 'promoter'],
    [8, 'passive'],
    [7, 'passive'],
    [6, 'detractor'],
    [0, 'detractor'],
    [11, null],
    [-1, null],
  ] as const)('value %d without hs_response_group → %s', (value, group) => {
    expect(npsGroupOf(buildResponse({ value }))).toBe(group);
  });

  it('prefers hs_response_group over the value', () => {
    expect(npsGroupOf(buildResponse({ value: 9, responseGroup: 'DETRACTOR' }))).toBe('detractor');
    expect(npsGroupOf(buildResponse({ value: null, responseGroup: 'PASSIVE' }))).toBe('passive');
    expect(npsGroupOf(buildResponse({ value: null, responseGroup: null }))).toBeNull();
  });
});

describe('NPS score', () => {
  it.each([
    ['no responses', [], null],
    ['all detractors', [0, 3, 6], -100],
    ['all promoters', [9, 10], 100],
    ['8 is passive, 9 is promoter', [8, 9], 50],
    ['6 is detractor, 7 is passive', [6, 7], -50],
    ['2 promoters, 1 passive, 1 detractor → 25', [10, 9, 8, 2], 25],
    ['1 promoter, 2 detractors of 3 → round(−33.3) = −33', [9, 1, 1], -33],
    ['2 promoters, 1 detractor of 3 → round(33.3) = 33', [9, 9, 1], 33],
    ['1 promoter, 1 passive of 8 (6 passives) → round(12.5) = 13', [9, 7, 7, 7, 7, 7, 7, 8], 13],
  ])('%s', (_name, values, expected) => {
    expect(npsScore(countNps(nps(...values), NOW - 180 * 86_400_000, NOW))).toBe(expected);
  });

  it('counts only NPS responses inside the window, not archived ones', () => {
    const responses = [
      buildResponse({ value: 10, submittedAt: daysAgo(179) }),
      buildResponse({ value: 0, submittedAt: daysAgo(181) }), // older than the window
      buildResponse({ value: 0, submittedAt: daysAgo(180) }), // on the edge: the window is (now − 180d, now]
      buildResponse({ value: 0, archived: true }),
      buildResponse({ value: 1, surveyType: 'CSAT' }),
    ];
    const summary = summarizeNps(responses, NOW, options);
    expect(summary).toMatchObject({ score: 100, responses: 1, promoters: 1, passives: 0, detractors: 0 });
  });

  it('flags a low sample under 5 responses', () => {
    expect(summarizeNps(nps(9, 9, 9, 9), NOW, options).isLowSample).toBe(true);
    expect(summarizeNps(nps(9, 9, 9, 9, 9), NOW, options).isLowSample).toBe(false);
  });

  it('trend = NPS of the last 90 days minus NPS of the 90 before; null when either is empty', () => {
    const recent = [
      buildResponse({ value: 10, submittedAt: daysAgo(5) }),
      buildResponse({ value: 8, submittedAt: daysAgo(30) }),
    ]; // 50
    const before = [
      buildResponse({ value: 2, submittedAt: daysAgo(100) }),
      buildResponse({ value: 9, submittedAt: daysAgo(170) }),
    ]; // 0
    expect(summarizeNps([...recent, ...before], NOW, options).trend).toBe(50);
    expect(summarizeNps(recent, NOW, options).trend).toBeNull();
    expect(summarizeNps(before, NOW, options).trend).toBeNull();
  });

  it('keeps the latest 3 non-empty verbatims, newest first', () => {
    const responses = [
      buildResponse({ id: 'old', content: 'Fine', submittedAt: daysAgo(50) }),
      buildResponse({ id: 'blank', content: '   ', submittedAt: daysAgo(1) }),
      buildResponse({ id: 'new', value: 3, content: ' Too slow ', submittedAt: daysAgo(2) }),
      buildResponse({ id: 'mid', content: 'Great support', submittedAt: daysAgo(20) }),
      buildResponse({ id: 'oldest', content: 'Meh', submittedAt: daysAgo(60) }),
    ];
    const { verbatims } = summarizeNps(responses, NOW, options);
    expect(verbatims.map((v) => v.id)).toEqual(['new', 'mid', 'old']);
    expect(verbatims[0]).toMatchObject({
      content: 'Too slow',
      group: 'detractor',
      value: 3,
      submittedAt: new Date(daysAgo(2)).toISOString(),
    });
  });
});

describe('CSAT and CES', () => {
  const csat = (...values: number[]) => values.map((value) => buildResponse({ surveyType: 'CSAT', value }));
  const ces = (...values: number[]) => values.map((value) => buildResponse({ surveyType: 'CES', value }));

  it.each([
    ['top two of 1–5 are 4 and 5', { min: 1, max: 5 }, [5, 4, 3, 1], 50],
    ['all satisfied', { min: 1, max: 5 }, [4, 5], 100],
    ['top two of 1–10 are 9 and 10', { min: 1, max: 10 }, [10, 9, 8, 8], 50],
    ['answers outside the scale are ignored', { min: 1, max: 5 }, [5, 7, 2], 50],
  ])('CSAT: %s', (_name, scale, values, percent) => {
    expect(summarizeCsat(csat(...values), scale, NOW, 180)).toEqual({
      percent,
      responses: values.filter((v) => v <= scale.max).length,
      scale,
    });
  });

  it('CSAT is null with no responses and states its scale', () => {
    expect(summarizeCsat(ces(5), { min: 1, max: 5 }, NOW, 180)).toEqual({
      percent: null,
      responses: 0,
      scale: { min: 1, max: 5 },
    });
  });

  it('CES is the mean answer with its direction stated', () => {
    expect(summarizeCes(ces(7, 5, 6), { min: 1, max: 7 }, true, NOW, 180)).toEqual({
      mean: 6,
      responses: 3,
      scale: { min: 1, max: 7 },
      higherIsEasier: true,
    });
    expect(summarizeCes([], { min: 1, max: 7 }, true, NOW, 180).mean).toBeNull();
  });
});

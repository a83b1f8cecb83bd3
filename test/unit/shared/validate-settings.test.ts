import { describe, expect, it } from 'vitest';
import { parseSettings, defaultSettings, type Settings } from '@pulse/shared';

/** A deep copy of the defaults with one change applied. */
function withChange(change: (s: Settings) => void): unknown {
  const copy = structuredClone(defaultSettings);
  change(copy);
  return copy;
}

function errorsOf(input: unknown) {
  const result = parseSettings(input);
  if (result.success) throw new Error('expected the settings to be rejected');
  return result.errors;
}

describe('parseSettings', () => {
  it('accepts the default settings unchanged', () => {
    const result = parseSettings(defaultSettings);
    expect(result).toEqual({ success: true, data: defaultSettings });
  });

  it('reads settings saved before the neutral value and the support-history window existed, with their defaults', () => {
    const old = structuredClone(defaultSettings) as Record<string, Record<string, unknown>>;
    delete old.scoring!.neutralPoints;
    delete old.windows!.supportHistoryDays;
    const result = parseSettings(old);
    expect(result.success && result.data.scoring.neutralPoints).toBe(50);
    expect(result.success && result.data.windows.supportHistoryDays).toBe(365);
  });

  it('names a neutral value outside 0..100', () => {
    expect(errorsOf(withChange((s) => (s.scoring.neutralPoints = 120)))).toEqual([
      { path: 'scoring.neutralPoints', message: 'Must be 100 or less' },
    ]);
  });

  it('accepts a mapped adoption measure with a weighted adoption group', () => {
    const input = withChange((s) => {
      const adoption = s.scoring.groups[4]!;
      adoption.weight = 10;
      adoption.measures.push({
        key: 'licence',
        label: 'Licence utilisation',
        signal: 'adoption:licence_utilisation',
        weight: 1,
        rule: {
          kind: 'steps',
          direction: 'higher_is_better',
          steps: [
            { min: 80, points: 100 },
            { min: 50, points: 60 },
          ],
          otherwise: 20,
        },
      });
    });
    expect(parseSettings(input).success).toBe(true);
  });

  it.each<[string, (s: Settings) => void, string, RegExp]>([
    [
      'a negative group weight',
      (s) => void (s.scoring.groups[1]!.weight = -5),
      'scoring.groups.1.weight',
      /^Must be 0 or more$/,
    ],
    [
      'a negative measure weight',
      (s) => void (s.scoring.groups[0]!.measures[2]!.weight = -1),
      'scoring.groups.0.measures.2.weight',
      /^Must be 0 or more$/,
    ],
    [
      'higher_is_better steps not strictly decreasing',
      (s) => {
        const rule = s.scoring.groups[2]!.measures[1]!.rule;
        if (rule.kind === 'steps' && rule.direction === 'higher_is_better') rule.steps[1]!.min = 3;
      },
      'scoring.groups.2.measures.1.rule.steps',
      /strictly decreasing min/,
    ],
    [
      'lower_is_better steps not strictly increasing',
      (s) => {
        const rule = s.scoring.groups[1]!.measures[3]!.rule;
        if (rule.kind === 'steps' && rule.direction === 'lower_is_better') rule.steps[2]!.max = 72;
      },
      'scoring.groups.1.measures.3.rule.steps',
      /strictly increasing max/,
    ],
    [
      'a linear rule with from === to',
      (s) =>
        void (s.scoring.groups[0]!.measures[0]!.rule = {
          kind: 'linear',
          from: 5,
          to: 5,
          fromPoints: 0,
          toPoints: 100,
        }),
      'scoring.groups.0.measures.0.rule.to',
      /from ≠ to/,
    ],
    [
      'an unknown signal key',
      (s) => void (s.scoring.groups[0]!.measures[0]!.signal = 'happiness'),
      'scoring.groups.0.measures.0.signal',
      /unknown signal "happiness"/,
    ],
    [
      'an adoption signal without a property',
      (s) => void (s.scoring.groups[0]!.measures[0]!.signal = 'adoption:'),
      'scoring.groups.0.measures.0.signal',
      /unknown signal/,
    ],
    [
      'a duplicate measure key',
      (s) => void (s.scoring.groups[1]!.measures[0]!.key = 'nps'),
      'scoring.groups.1.measures.0.key',
      /duplicate measure key "nps"/,
    ],
    [
      'a duplicate group key',
      (s) => void (s.scoring.groups[4]!.key = 'support'),
      'scoring.groups.4.key',
      /duplicate group key "support"/,
    ],
    [
      'all group weights zero',
      (s) => s.scoring.groups.forEach((g) => (g.weight = 0)),
      'scoring.groups',
      /at least one group/,
    ],
    [
      'a weighted group with no measure weight',
      (s) => void (s.scoring.groups[4]!.weight = 10),
      'scoring.groups.4.measures',
      /no measure with a weight/,
    ],
    [
      'a weighted group whose measures all weigh 0',
      (s) => s.scoring.groups[1]!.measures.forEach((m) => (m.weight = 0)),
      'scoring.groups.1.measures',
      /no measure with a weight/,
    ],
    [
      'bands out of order',
      (s) => void (s.scoring.bands = { healthy: 40, monitor: 70 }),
      'scoring.bands.healthy',
      /must be above monitor/,
    ],
    [
      'equal bands',
      (s) => void (s.scoring.bands = { healthy: 50, monitor: 50 }),
      'scoring.bands.healthy',
      /must be above monitor/,
    ],
    [
      'risk levels out of order (high ≤ medium)',
      (s) => void (s.risk.levels = { medium: 50, high: 50, critical: 75 }),
      'risk.levels.high',
      /above medium/,
    ],
    [
      'risk levels out of order (critical ≤ high)',
      (s) => void (s.risk.levels = { medium: 25, high: 80, critical: 75 }),
      'risk.levels.critical',
      /above high/,
    ],
    [
      'an invalid renewal pipeline regex',
      (s) => void (s.renewals.renewalPipelinePattern = 'renew(al'),
      'renewals.renewalPipelinePattern',
      /invalid regular expression/,
    ],
    [
      'an invalid renewal name regex',
      (s) => void (s.renewals.renewalNamePattern = '[renew'),
      'renewals.renewalNamePattern',
      /invalid regular expression/,
    ],
    [
      'points above 100',
      (s) => void (s.scoring.groups[0]!.measures[1]!.rule = { kind: 'category', points: { promoter: 150 } }),
      'scoring.groups.0.measures.1.rule',
      /^Must be 100 or less$/,
    ],
    [
      'an inverted CSAT scale',
      (s) => void (s.surveys.csatScale = { min: 5, max: 1 }),
      'surveys.csatScale.max',
      /above min/,
    ],
  ])('rejects %s with an error naming the field', (_name, change, path, message) => {
    const errors = errorsOf(withChange(change));
    const match = errors.find((e) => e.path === path || e.path.startsWith(`${path}.`));
    expect(match, `errors were ${JSON.stringify(errors)}`).toBeDefined();
    expect(match!.message).toMatch(message);
  });

  it('reports shape errors with their path', () => {
    const errors = errorsOf({ ...defaultSettings, windows: { ...defaultSettings.windows, npsDays: 'soon' } });
    expect(errors.map((e) => e.path)).toContain('windows.npsDays');
  });

  it.each([
    ['a cleared number (NaN)', Number.NaN, 'Enter a number'],
    ['a missing number', undefined, 'Enter a number'],
    ['a fraction where days are counted', 1.5, 'Enter a whole number'],
    ['zero days', 0, 'Must be more than 0'],
  ])('says what is wrong in plain words, never zod text: %s', (_name, value, message) => {
    const errors = errorsOf({ ...defaultSettings, windows: { ...defaultSettings.windows, npsDays: value } });
    expect(errors).toEqual([{ path: 'windows.npsDays', message }]);
  });

  it('words every shape problem for people: no "expected", "received" or ">=" anywhere', () => {
    const broken = structuredClone(defaultSettings) as unknown as Record<string, Record<string, unknown>>;
    broken.risk!.noContactPoints = -5;
    broken.risk!.overduePoints = 150;
    broken.risk!.healthFactor = Number.NaN;
    broken.renewals!.existingBusinessType = '';
    broken.surveys!.cesHigherIsEasier = 'sideways';
    const errors = errorsOf(broken);
    expect(errors.length).toBeGreaterThanOrEqual(5);
    for (const e of errors) expect(e.message).not.toMatch(/expected|received|[<>]=?|Invalid input/i);
  });

  it('rejects non-objects outright', () => {
    expect(parseSettings(null).success).toBe(false);
    expect(parseSettings('{}').success).toBe(false);
  });

  it('lists every problem, not just the first', () => {
    const errors = errorsOf(
      withChange((s) => {
        s.scoring.bands = { healthy: 30, monitor: 60 };
        s.renewals.renewalNamePattern = '(';
      }),
    );
    expect(errors.map((e) => e.path).sort()).toEqual([
      'renewals.renewalNamePattern',
      'scoring.bands.healthy',
    ]);
  });
});

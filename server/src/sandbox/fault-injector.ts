import { createSeededRandom, type SeededRandom } from './seeded-random';

export type SandboxFaults = {
  /** Share of requests answered with a JSON 5xx. */
  error5xxRate?: number;
  /** Share of requests answered with an HTML 502 (a proxy in front of HubSpot failing). */
  htmlErrorRate?: number;
  /** Out of every `every` API requests, the first `length` get a 429 (counted from `faults.set`). */
  burst429?: { every: number; length: number };
  /** Real-time delay added to every response. */
  slowMs?: number;
  /** Records served with malformed property values (bad numbers/dates/enums, required properties missing). */
  malformedIds?: string[];
  /** Share of list/search/batch pages whose JSON body is cut off mid-way (status 200). */
  truncatePageRate?: number;
};

export type FaultDecision =
  { kind: 'none' } | { kind: 'rate-limit' } | { kind: 'error-json'; status: number } | { kind: 'error-html' };

/** Seeded, so a test that sets the same faults sees the same failures on the same requests. */
export function createFaultInjector(seed: number) {
  let faults: SandboxFaults = {};
  let random: SeededRandom = createSeededRandom(seed);
  let requestCount = 0;
  let malformed = new Set<string>();

  const checkRate = (name: string, value: number | undefined) => {
    if (value !== undefined && !(value >= 0 && value <= 1))
      throw new Error(`sandbox faults: ${name} must be in 0..1 (got ${value})`);
  };

  return {
    set(next: SandboxFaults): void {
      checkRate('error5xxRate', next.error5xxRate);
      checkRate('htmlErrorRate', next.htmlErrorRate);
      checkRate('truncatePageRate', next.truncatePageRate);
      if (
        next.burst429 &&
        !(
          Number.isInteger(next.burst429.every) &&
          next.burst429.every > 0 &&
          Number.isInteger(next.burst429.length) &&
          next.burst429.length >= 0 &&
          next.burst429.length <= next.burst429.every
        )
      ) {
        throw new Error(
          `sandbox faults: burst429 needs whole numbers 0 ≤ length ≤ every (got ${JSON.stringify(next.burst429)})`,
        );
      }
      if (next.slowMs !== undefined && !(next.slowMs >= 0))
        throw new Error(`sandbox faults: slowMs must be ≥ 0 (got ${next.slowMs})`);
      faults = { ...next };
      malformed = new Set(next.malformedIds ?? []);
      random = createSeededRandom(seed);
      requestCount = 0;
    },
    clear(): void {
      faults = {};
      malformed = new Set();
      requestCount = 0;
    },
    get slowMs(): number {
      return faults.slowMs ?? 0;
    },
    isMalformed: (id: string): boolean => malformed.has(id),
    /** Decides the fate of one API request before it is handled. */
    decide(): FaultDecision {
      requestCount++;
      const burst = faults.burst429;
      if (burst && burst.length > 0 && (requestCount - 1) % burst.every < burst.length)
        return { kind: 'rate-limit' };
      const jsonRate = faults.error5xxRate ?? 0;
      const htmlRate = faults.htmlErrorRate ?? 0;
      if (jsonRate === 0 && htmlRate === 0) return { kind: 'none' };
      const roll = random.next();
      if (roll < jsonRate) return { kind: 'error-json', status: random.chance(0.5) ? 500 : 503 };
      if (roll < jsonRate + htmlRate) return { kind: 'error-html' };
      return { kind: 'none' };
    },
    shouldTruncate(): boolean {
      const rate = faults.truncatePageRate ?? 0;
      return rate > 0 && random.next() < rate;
    },
  };
}

export type FaultInjector = ReturnType<typeof createFaultInjector>;

/** Properties as a broken integration or a sloppy import would leave them. */
export function malformProperties(
  objectType: string,
  properties: Record<string, string | null>,
): Record<string, string | null> {
  const p = { ...properties };
  switch (objectType) {
    case 'deals':
      return {
        ...p,
        amount: '12abc',
        closedate: 'not a date',
        dealstage: null,
        hs_v2_date_entered_current_stage: 'yesterday',
      };
    case 'tickets':
      return {
        ...p,
        hs_ticket_priority: 'SUPER',
        createdate: 'not a date',
        hs_pipeline_stage: null,
        time_to_close: '12abc',
      };
    case 'companies':
      return {
        ...p,
        name: null,
        annualrevenue: '12abc',
        notes_last_contacted: 'not a date',
        pulse_license_utilization: 'lots',
      };
    case 'contacts':
      return { ...p, createdate: 'not a date', email: 'not-an-email' };
    case 'responses':
      return {
        ...p,
        hs_value: '12abc',
        hs_survey_type: null,
        hs_submission_timestamp: 'not a date',
        hs_response_group: 'MAYBE',
      };
    default:
      return p;
  }
}

import { z } from 'zod';

/**
 * The optional data sources of a portal: what an installation may not have (HubSpot tiers, optional scopes the
 * admin declined). Companies, deals and owners are required; without them there is no install.
 */
export const DATA_SOURCES = ['tickets', 'surveys', 'contacts'] as const;
export const ZDataSource = z.enum(DATA_SOURCES);
export type DataSource = z.infer<typeof ZDataSource>;

export const ZUnavailableSource = z.object({
  source: ZDataSource,
  /**
   * `not_granted`: the installation was not given the scope (declined, or the account's tier lacks it);
   * `refused`: HubSpot answered 403 MISSING_SCOPES when Pulse read it.
   */
  reason: z.enum(['not_granted', 'refused']),
  /** the HubSpot scopes it needs */
  scopes: z.array(z.string()),
});
export type UnavailableSource = z.infer<typeof ZUnavailableSource>;

/** The read scope each source needs (HubSpot's names, as in app.manifest.json's optional scopes). */
export const SOURCE_SCOPES: Record<DataSource, readonly string[]> = {
  tickets: ['tickets'],
  surveys: ['crm.objects.feedback_submissions.read'],
  contacts: ['crm.objects.contacts.read'],
};

/** What each source feeds, which HubSpot product provides it, and what Pulse does without it. */
export const SOURCE_NEEDS: Record<DataSource, { feeds: string; product: string; without: string }> = {
  tickets: {
    feeds: 'Support metrics need',
    product: 'HubSpot tickets (Service Hub)',
    without: 'support counts as missing data (neutral) in the health score',
  },
  surveys: {
    feeds: 'NPS and CSAT need',
    product: 'HubSpot feedback surveys (Service Hub Professional)',
    without: 'NPS and CSAT count as missing data (neutral) in the health score',
  },
  contacts: {
    feeds: 'Matching survey responses to companies through their contacts needs',
    product: 'access to HubSpot contacts',
    without: 'only survey responses linked to a ticket count',
  },
};

/** One plain sentence: what is missing, why, and what Pulse does instead. */
export const unavailableSourceMessage = (u: UnavailableSource): string => {
  const { feeds, product, without } = SOURCE_NEEDS[u.source];
  const why =
    u.reason === 'not_granted'
      ? 'this HubSpot account did not grant Pulse that access (its subscription may not include it)'
      : 'HubSpot refused Pulse access to it';
  return `${feeds} ${product}: ${why}, so ${without}.`;
};

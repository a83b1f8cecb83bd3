// Contacts: fewer as true health falls (the generator splits the exact total by truth-model weights), each
// with its company as primary; ~3 % also linked to a second company, and the companies' contact counts.
import { DAY, type CompanyProfile, type DatasetContext } from './context';
import { FIRST_NAMES, JOB_TITLES, LAST_NAMES } from './words';

/** Writes the company's contacts and returns their ids. */
export function writeContacts(ctx: DatasetContext, p: CompanyProfile, count: number): string[] {
  const { rng, now } = ctx;
  const ids: string[] = [];
  for (let c = 0; c < count; c++) {
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    const created = rng.between(p.created, now - DAY);
    const rec = ctx.record('contacts', ctx.ids.contacts(), created, rng.between(created, now), {
      firstname: first,
      lastname: last,
      email: `${first}.${last}${c > 0 ? c : ''}@${p.domain}`.toLowerCase(),
      jobtitle: rng.pick(JOB_TITLES),
      associatedcompanyid: p.id,
      lifecyclestage: 'customer',
    });
    rec.properties.lastmodifieddate = rec.properties.hs_lastmodifieddate ?? null;
    ctx.link('contacts', rec.id, 'companies', p.id, true);
    ids.push(rec.id);
  }
  return ids;
}

/**
 * Links ~3 % of all contacts to a second company too (never the primary one), then sets each company's
 * `num_associated_contacts` from its primary and extra contacts.
 */
export function linkSecondCompanies(
  ctx: DatasetContext,
  profiles: CompanyProfile[],
  primaryCounts: Map<string, number>,
): void {
  const counts = new Map(primaryCounts);
  const active = profiles.filter((p) => !p.noData);
  if (active.length >= 2) {
    for (const contact of ctx.objects.contacts) {
      if (!ctx.rng.chance(0.03)) continue;
      const primary = contact.properties.associatedcompanyid;
      const other = ctx.rng.pick(active);
      if (other.id === primary) continue;
      ctx.link('contacts', contact.id, 'companies', other.id, false);
      counts.set(other.id, (counts.get(other.id) ?? 0) + 1);
    }
  }
  for (const p of profiles)
    if (p.record) p.record.properties.num_associated_contacts = String(counts.get(p.id) ?? 0);
}

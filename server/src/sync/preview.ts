import type { CompanyBundle, CompanySnapshot, Settings } from '@pulse/shared';
import type { PortalClient } from '../hubspot';
import type { PortalStore } from '../store';
import { BUNDLES_PER_BATCH, mappedPropertiesOf, scoreBundles, scoringContextFor } from './recompute';

/**
 * The settings preview and "save and recompute" share these steps, so a preview shows exactly what a save
 * recomputes: the same stored records, pipelines, sentiment and history, under the candidate settings.
 *
 * A property mapped since the last sync (an adoption measure, the ARR property) was never read for the stored
 * companies. The preview reads its values from HubSpot (100 companies per call); a save stores them before it
 * recomputes, so the values the preview used are the values the scores use.
 */

/** The mapped properties (ARR, adoption) a stored company was never read with. */
export const unreadPropertiesOf = (bundle: CompanyBundle, names: readonly string[]): string[] =>
  names.filter((name) => !Object.hasOwn(bundle.company.mapped, name));

/**
 * These bundles with the mapped values they lack read from HubSpot (a company HubSpot no longer has, or an unset
 * value, reads as null: no data). `filled` lists the bundles that changed.
 */
export const fillUnreadProperties = async (
  client: Pick<PortalClient, 'batchRead'> | null,
  bundles: CompanyBundle[],
  settings: Settings,
): Promise<{ bundles: CompanyBundle[]; filled: CompanyBundle[]; properties: string[] }> => {
  const names = mappedPropertiesOf(settings);
  const lacking = bundles.filter((b) => unreadPropertiesOf(b, names).length > 0);
  if (lacking.length === 0 || client === null) return { bundles, filled: [], properties: [] };
  const properties = [...new Set(lacking.flatMap((b) => unreadPropertiesOf(b, names)))].sort();
  const { records } = await client.batchRead(
    'companies',
    lacking.map((b) => b.company.id),
    { mappedProperties: properties },
  );
  const fresh = new Map(records.map((r) => [r.id, r.mapped]));
  const filledById = new Map<string, CompanyBundle>();
  for (const bundle of lacking) {
    const values = fresh.get(bundle.company.id) ?? {};
    const mapped = { ...bundle.company.mapped };
    for (const name of unreadPropertiesOf(bundle, names)) mapped[name] = values[name] ?? null;
    filledById.set(bundle.company.id, { ...bundle, company: { ...bundle.company, mapped } });
  }
  return {
    bundles: bundles.map((b) => filledById.get(b.company.id) ?? b),
    filled: [...filledById.values()],
    properties,
  };
};

/**
 * Every stored company scored under `settings`, batch by batch, as a recompute would; nothing is written.
 * Returns the newly mapped properties whose values were read from HubSpot.
 */
export const scoreAllWith = async (
  input: { portal: PortalStore; client: Pick<PortalClient, 'batchRead'> | null; now: number },
  settings: Settings,
  onBatch: (snapshots: CompanySnapshot[]) => void,
): Promise<string[]> => {
  const { portal, now } = input;
  const stored = await portal.settings.get();
  const ctx = { ...(await scoringContextFor(portal, settings, (stored?.version ?? 0) + 1)), portal, now };
  const read = new Set<string>();
  for await (const batch of portal.bundles.iterate({ batchSize: BUNDLES_PER_BATCH })) {
    const { bundles, properties } = await fillUnreadProperties(input.client, batch, settings);
    for (const p of properties) read.add(p);
    onBatch(await scoreBundles(bundles, ctx));
  }
  return [...read].sort();
};

/**
 * Stores the values of properties mapped since the last sync for every stored company (read from HubSpot), so
 * the recompute after a save scores with them. Rows are tagged with `now` as their generation, like an
 * incremental sync's, so the next full sync's sweep keeps them.
 */
export const storeUnreadProperties = async (
  input: { portal: PortalStore; client: Pick<PortalClient, 'batchRead'> | null; now: number },
  settings: Settings,
): Promise<string[]> => {
  const read = new Set<string>();
  for await (const batch of input.portal.bundles.iterate({ batchSize: BUNDLES_PER_BATCH })) {
    const { filled, properties } = await fillUnreadProperties(input.client, batch, settings);
    for (const p of properties) read.add(p);
    if (filled.length > 0)
      await input.portal.records.upsert(
        { objectType: 'companies', records: filled.map((b) => b.company) },
        { generation: input.now },
      );
  }
  return [...read].sort();
};

/** The ScoringPort the app's settings service uses (services/ports.ts), over the store and the portal clients. */
export const createScoring = (deps: {
  forPortal: (portalId: number) => PortalStore;
  /** null: no HubSpot to ask (newly mapped properties then read as missing) */
  clientFor: (portalId: number) => Pick<PortalClient, 'batchRead'> | null;
  now: () => number;
}) => ({
  scoreAll: (
    portalId: number,
    settings: Settings,
    onBatch: (snapshots: CompanySnapshot[]) => void,
  ): Promise<string[]> =>
    scoreAllWith(
      { portal: deps.forPortal(portalId), client: deps.clientFor(portalId), now: deps.now() },
      settings,
      onBatch,
    ),
  storeUnreadProperties: (portalId: number, settings: Settings): Promise<string[]> =>
    storeUnreadProperties(
      { portal: deps.forPortal(portalId), client: deps.clientFor(portalId), now: deps.now() },
      settings,
    ),
});

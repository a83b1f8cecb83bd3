import type { GroupKey, Settings } from '@pulse/shared';
import { getAt, setAt, type Path } from '../settings-draft';

export type SectionKey = 'health' | 'adoption' | 'risk' | 'renewals' | 'financial' | 'surveys' | 'windows';

/** The settings each section edits (the two scoring sections split the groups, see `resetGroups`). */
const SECTION_PATHS: Record<SectionKey, Path[]> = {
  health: [['scoring', 'bands']],
  adoption: [],
  risk: [['risk']],
  renewals: [['renewals']],
  financial: [['financial']],
  surveys: [['surveys'], ['windows', 'npsDays'], ['windows', 'npsTrendDays'], ['windows', 'lowSampleBelow']],
  windows: [
    ['windows', 'agingTicketDays'],
    ['windows', 'ticketTrendRecentDays'],
    ['windows', 'ticketTrendBaseDays'],
    ['windows', 'supportMedianDays'],
    ['windows', 'portfolioPeriodDays'],
    ['scoring', 'sentimentExpiryDays'],
    ['scoring', 'lowConfidenceBelow'],
  ],
};

/**
 * Groups in the defaults' order, each taken from the defaults when `fromDefaults(key)` and from the draft
 * otherwise, so resetting the built-in groups keeps the adoption mapping and vice versa.
 */
function resetGroups(
  draft: Settings,
  defaults: Settings,
  fromDefaults: (key: GroupKey) => boolean,
): Settings {
  const keys = [
    ...defaults.scoring.groups.map((g) => g.key),
    ...draft.scoring.groups
      .map((g) => g.key)
      .filter((k) => !defaults.scoring.groups.some((g) => g.key === k)),
  ];
  const groups = keys.flatMap((key) => {
    const source = fromDefaults(key) ? defaults : draft;
    const group = source.scoring.groups.find((g) => g.key === key);
    return group ? [structuredClone(group)] : [];
  });
  return setAt(draft, ['scoring', 'groups'], groups);
}

/** The draft with one section's settings put back to `defaults` and everything else untouched. */
export function resetSection(section: SectionKey, draft: Settings, defaults: Settings): Settings {
  let next = draft;
  if (section === 'health') next = resetGroups(next, defaults, (key) => key !== 'adoption');
  if (section === 'adoption') next = resetGroups(next, defaults, (key) => key === 'adoption');
  for (const path of SECTION_PATHS[section]) next = setAt(next, path, structuredClone(getAt(defaults, path)));
  return next;
}

export const SECTION_TITLE: Record<SectionKey, string> = {
  health: 'Health score',
  adoption: 'Adoption',
  risk: 'Renewal risk',
  renewals: 'Renewals',
  financial: 'Revenue',
  surveys: 'Surveys',
  windows: 'Windows and thresholds',
};

/** The section that shows the field at `path` (a settings path such as "risk.levels.high"). */
export function sectionOf(path: string, settings: Settings): SectionKey | undefined {
  const parts = path.split('.');
  if (parts[0] === 'scoring' && parts[1] === 'groups') {
    const group = parts[2] === undefined ? undefined : settings.scoring.groups[Number(parts[2])];
    return group?.key === 'adoption' ? 'adoption' : 'health';
  }
  const sections = Object.keys(SECTION_PATHS) as SectionKey[];
  return sections.find((section) =>
    SECTION_PATHS[section].some((prefix) => prefix.every((key, i) => parts[i] === String(key))),
  );
}

// The portal's fixed furniture: id counters, pipelines with seed-specific stage ids, owners in teams, and the
// company property definitions. Drawn first, in this order, from the dataset's random stream.
import { isoDate } from '../iso-date';
import type {
  SandboxDataset,
  SandboxOwner,
  SandboxPipeline,
  SandboxPipelineStage,
  SandboxPropertyDefinition,
  SandboxPropertyGroup,
} from '../sandbox-dataset';
import type { SeededRandom } from '../seeded-random';
import { YEAR, type IdGenerators, type StageIds } from './context';
import { FIRST_NAMES, INDUSTRY_LABELS, LAST_NAMES, LIFECYCLE_STAGES } from './words';

const iso = isoDate;

export function makeIdGenerators(rng: SeededRandom): IdGenerators {
  // HubSpot ids are large numeric strings that grow over time; gaps make them look less synthetic.
  const counter = (base: number) => {
    let current = base;
    return () => String((current += rng.int(1, 40)));
  };
  return {
    companies: counter(rng.int(5, 9) * 1_000_000_000 + rng.int(0, 99_999_999)),
    contacts: counter(rng.int(10, 19) * 1_000_000_000 + rng.int(0, 99_999_999)),
    deals: counter(rng.int(20, 29) * 1_000_000_000 + rng.int(0, 99_999_999)),
    tickets: counter(rng.int(30, 39) * 1_000_000_000 + rng.int(0, 99_999_999)),
    feedback: counter(rng.int(40, 49) * 1_000_000_000 + rng.int(0, 99_999_999)),
  };
}

export function buildPipelines(rng: SeededRandom, now: number): SandboxDataset['pipelines'] {
  const used = new Set<string>();
  const newId = (): string => {
    let id = String(rng.int(10_000_000, 999_999_999));
    while (used.has(id)) id = String(rng.int(10_000_000, 999_999_999));
    used.add(id);
    return id;
  };
  const created = iso(now - 3 * YEAR);
  const stages = (list: Array<[string, Record<string, string>]>): SandboxPipelineStage[] =>
    list.map(([label, metadata], displayOrder) => ({
      id: newId(),
      label,
      displayOrder,
      metadata,
      createdAt: created,
      updatedAt: created,
      archived: false,
      writePermissions: 'CRM_PERMISSIONS_ENFORCEMENT',
    }));
  const dealStage = (probability: number, isClosed: boolean) => ({
    isClosed: String(isClosed),
    probability: probability.toFixed(1),
  });
  const pipeline = (label: string, displayOrder: number, list: SandboxPipelineStage[]): SandboxPipeline => ({
    id: newId(),
    label,
    displayOrder,
    createdAt: created,
    updatedAt: created,
    archived: false,
    stages: list,
  });
  return {
    deals: [
      pipeline(
        'Sales Pipeline',
        0,
        stages([
          ['Appointment scheduled', dealStage(0.2, false)],
          ['Qualified to buy', dealStage(0.4, false)],
          ['Presentation scheduled', dealStage(0.6, false)],
          ['Decision maker bought-in', dealStage(0.8, false)],
          ['Contract sent', dealStage(0.9, false)],
          ['Closed won', dealStage(1, true)],
          ['Closed lost', dealStage(0, true)],
        ]),
      ),
      pipeline(
        'Renewals',
        1,
        stages([
          ['Renewal upcoming', dealStage(0.5, false)],
          ['Renewal in negotiation', dealStage(0.7, false)],
          ['Renewal committed', dealStage(0.9, false)],
          ['Renewed', dealStage(1, true)],
          ['Churned', dealStage(0, true)],
        ]),
      ),
    ],
    tickets: [
      pipeline(
        'Support Pipeline',
        0,
        stages([
          ['New', { ticketState: 'OPEN', isClosed: 'false' }],
          ['Waiting on contact', { ticketState: 'OPEN', isClosed: 'false' }],
          ['Waiting on us', { ticketState: 'OPEN', isClosed: 'false' }],
          ['Closed', { ticketState: 'CLOSED', isClosed: 'true' }],
        ]),
      ),
    ],
  };
}

/** Looks the stages the generator needs up by label, so a renamed stage fails loudly here. */
export function stageIdsOf(pipelines: SandboxDataset['pipelines']): StageIds {
  const [sales, renewals] = pipelines.deals as [SandboxPipeline, SandboxPipeline];
  const support = pipelines.tickets[0] as SandboxPipeline;
  const stage = (p: SandboxPipeline, label: string): string => {
    const found = p.stages.find((s) => s.label === label);
    if (!found) throw new Error(`no stage ${label}`);
    return found.id;
  };
  const open = (p: SandboxPipeline, isOpen: (s: SandboxPipelineStage) => boolean) =>
    p.stages.filter(isOpen).map((s) => s.id);
  return {
    sales,
    renewals,
    support,
    openSales: open(sales, (s) => s.metadata.isClosed === 'false'),
    openRenewals: open(renewals, (s) => s.metadata.isClosed === 'false'),
    openTickets: open(support, (s) => s.metadata.ticketState === 'OPEN'),
    salesWon: stage(sales, 'Closed won'),
    salesLost: stage(sales, 'Closed lost'),
    renewed: stage(renewals, 'Renewed'),
    churned: stage(renewals, 'Churned'),
    ticketClosed: stage(support, 'Closed'),
  };
}

export function buildOwners(rng: SeededRandom, now: number, count: number): SandboxOwner[] {
  const teamCount = Math.max(2, Math.ceil(count / 8));
  const teams = Array.from({ length: teamCount }, (_, i) => ({
    id: String(rng.int(1_000_000, 9_999_999) + i),
    name: i === 0 ? 'CS East' : i === 1 ? 'CS West' : `CS Pod ${i + 1}`,
  }));
  const created = iso(now - 3 * YEAR);
  const owners: SandboxOwner[] = [];
  let ownerId = rng.int(100_000_000, 900_000_000);
  let userId = rng.int(10_000_000, 90_000_000);
  for (let i = 0; i < count; i++) {
    const firstName = rng.pick(FIRST_NAMES);
    const lastName = rng.pick(LAST_NAMES);
    const home = teams[i % teamCount] as { id: string; name: string };
    const extra = rng.chance(0.15) ? teams[(i + 1) % teamCount] : undefined;
    ownerId += rng.int(1, 5000);
    userId += rng.int(1, 5000);
    owners.push({
      id: String(ownerId),
      email: `${firstName}.${lastName}${i}@pulse-demo.example`.toLowerCase(),
      type: 'PERSON',
      firstName,
      lastName,
      userId,
      userIdIncludingInactive: userId,
      createdAt: created,
      updatedAt: created,
      archived: false,
      teams: [
        { ...home, primary: true },
        ...(extra && extra.id !== home.id ? [{ ...extra, primary: false }] : []),
      ],
    });
  }
  return owners;
}

type DefinitionExtras = {
  readOnlyValue?: boolean;
  options?: Record<string, string>;
  description?: string;
};

export function companyPropertyDefinitions(now: number): SandboxPropertyDefinition[] {
  const created = iso(now - 3 * YEAR);
  const def = (
    name: string,
    label: string,
    [type, fieldType]: [string, string],
    groupName: string,
    hubspotDefined: boolean,
    extras: DefinitionExtras = {},
  ): SandboxPropertyDefinition => {
    const readOnlyValue = extras.readOnlyValue ?? false;
    return {
      name,
      label,
      type,
      fieldType,
      groupName,
      description: extras.description ?? '',
      options: Object.entries(extras.options ?? {}).map(([value, optionLabel], displayOrder) => ({
        label: optionLabel,
        value,
        displayOrder,
        hidden: false,
      })),
      displayOrder: -1,
      calculated: readOnlyValue,
      externalOptions: name === 'hubspot_owner_id',
      hasUniqueValue: name === 'hs_object_id',
      hidden: false,
      hubspotDefined,
      formField: false,
      modificationMetadata: {
        archivable: !hubspotDefined,
        readOnlyDefinition: hubspotDefined,
        readOnlyValue,
      },
      createdAt: created,
      updatedAt: created,
      archived: false,
    };
  };
  const text: [string, string] = ['string', 'text'];
  const number: [string, string] = ['number', 'number'];
  const datetime: [string, string] = ['datetime', 'date'];
  const calculated = { readOnlyValue: true };
  const info = 'companyinformation';
  return [
    def('name', 'Company name', text, info, true),
    def('domain', 'Company domain name', text, info, true),
    def('hubspot_owner_id', 'Company owner', ['enumeration', 'select'], info, true),
    def('notes_last_contacted', 'Last contacted', datetime, 'sales_properties', true, calculated),
    def(
      'hs_last_sales_activity_date',
      'Last engagement date',
      datetime,
      'sales_properties',
      true,
      calculated,
    ),
    def('num_associated_contacts', 'Number of associated contacts', number, info, true, calculated),
    def('annualrevenue', 'Annual revenue', number, info, true),
    def('numberofemployees', 'Number of employees', number, info, true),
    def('total_revenue', 'Total revenue', number, 'sales_properties', true, {
      ...calculated,
      description: 'The total amount of closed won deals associated with this company.',
    }),
    def('industry', 'Industry', ['enumeration', 'select'], info, true, { options: INDUSTRY_LABELS }),
    def('city', 'City', text, info, true),
    def('country', 'Country/Region', text, info, true),
    def('lifecyclestage', 'Lifecycle stage', ['enumeration', 'radio'], info, true, {
      options: LIFECYCLE_STAGES,
    }),
    def('createdate', 'Create date', datetime, info, true, calculated),
    def('hs_lastmodifieddate', 'Last modified date', datetime, info, true, calculated),
    def('hs_object_id', 'Record ID', number, info, true, calculated),
    def('pulse_license_utilization', 'Licence utilisation (%)', number, 'product_usage', false),
    def('pulse_active_users', 'Active users', number, 'product_usage', false),
  ];
}

export const PROPERTY_GROUPS: readonly SandboxPropertyGroup[] = [
  { name: 'companyinformation', label: 'Company information', displayOrder: -1, archived: false },
  { name: 'sales_properties', label: 'Sales properties', displayOrder: -1, archived: false },
  { name: 'product_usage', label: 'Product usage', displayOrder: 5, archived: false },
];

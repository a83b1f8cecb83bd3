import type {
  PropertyCreate,
  PropertyCreateFieldTypeEnum,
  PropertyCreateTypeEnum,
} from '@hubspot/api-client/lib/codegen/crm/properties';
import { HubSpotApiError, MalformedResponseError } from './retry';
import { requestJson, type SdkCaller } from './sdk-call';

/**
 * Write-back: Pulse's numbers as company properties, so HubSpot lists, views and workflows can use them.
 * Scopes: crm.schemas.companies.write (the properties), crm.objects.companies.write (the values).
 */

export const PULSE_PROPERTY_GROUP = 'pulse';

export type CompanyUpdate = { id: string; properties: Record<string, string> };

const option = (value: string, label: string, displayOrder: number) => ({
  value,
  label,
  displayOrder,
  hidden: false,
});

const definitions: Array<{
  name: string;
  label: string;
  type: string;
  fieldType: string;
  description: string;
  options?: ReturnType<typeof option>[];
}> = [
  {
    name: 'pulse_health_score',
    label: 'Pulse health score',
    type: 'number',
    fieldType: 'number',
    description: 'Account health 0–100, computed by Pulse.',
  },
  {
    name: 'pulse_health_band',
    label: 'Pulse health band',
    type: 'enumeration',
    fieldType: 'select',
    description: 'Healthy ≥ 70, Monitor 40–69, At risk < 40 (Pulse settings).',
    options: [
      option('healthy', 'Healthy', 0),
      option('monitor', 'Monitor', 1),
      option('at_risk', 'At risk', 2),
    ],
  },
  {
    name: 'pulse_renewal_risk',
    label: 'Pulse renewal risk',
    type: 'enumeration',
    fieldType: 'select',
    description: 'Renewal risk level of the next renewal, computed by Pulse.',
    options: [
      option('low', 'Low', 0),
      option('medium', 'Medium', 1),
      option('high', 'High', 2),
      option('critical', 'Critical', 3),
      option('no_renewal', 'No renewal', 4),
    ],
  },
  {
    name: 'pulse_nps',
    label: 'Pulse NPS',
    type: 'number',
    fieldType: 'number',
    description: 'NPS over the Pulse window (−100..100).',
  },
  {
    name: 'pulse_last_computed',
    label: 'Pulse last computed',
    type: 'datetime',
    fieldType: 'date',
    description: 'When Pulse last computed these values.',
  },
];

export const PULSE_COMPANY_PROPERTIES = definitions.map((d) => d.name);

const ignoringConflict = async (create: () => Promise<unknown>): Promise<void> => {
  try {
    await create();
  } catch (error) {
    // 409: it already exists, which is the state we want.
    if (error instanceof HubSpotApiError && error.status === 409) return;
    throw error;
  }
};

export const createWriter = (call: SdkCaller) => {
  let isEnsured = false;
  return {
    async ensureCompanyProperties(): Promise<void> {
      if (isEnsured) return;
      await ignoringConflict(() =>
        call('create property group', 'standard', (client, probe) =>
          client.crm.properties.groupsApi.create(
            'companies',
            { name: PULSE_PROPERTY_GROUP, label: 'Pulse', displayOrder: -1 },
            probe,
          ),
        ),
      );
      for (const d of definitions) {
        const property: PropertyCreate = {
          name: d.name,
          label: d.label,
          description: d.description,
          groupName: PULSE_PROPERTY_GROUP,
          // Outbound constants typed as the SDK's enums (type-only import: its CJS enums stay out of our ESM).
          type: d.type as PropertyCreateTypeEnum,
          fieldType: d.fieldType as PropertyCreateFieldTypeEnum,
          formField: false,
          ...(d.options ? { options: d.options } : {}),
        };
        await ignoringConflict(() =>
          call(`create property ${d.name}`, 'standard', (client, probe) =>
            client.crm.properties.coreApi.create('companies', property, probe),
          ),
        );
      }
      isEnsured = true;
    },

    async updateCompanies(rows: readonly CompanyUpdate[]): Promise<void> {
      for (let i = 0; i < rows.length; i += 100) {
        const inputs = rows.slice(i, i + 100).map((row) => ({ id: row.id, properties: row.properties }));
        // Raw JSON: HubSpot answers with every updated company in full, which we only check for presence.
        await call('update companies', 'standard', async (client, _probe, meta) => {
          const response = await requestJson(client, meta, {
            method: 'POST',
            path: '/crm/v3/objects/companies/batch/update',
            body: { inputs },
          });
          if (typeof response !== 'object' || response === null)
            throw new MalformedResponseError('update companies: empty response');
          return null;
        });
      }
    },
  };
};

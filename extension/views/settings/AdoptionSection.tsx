import { useState } from 'react';
import { Button, Flex, Select, Text, Tile } from '@hubspot/ui-extensions';
import type { SettingsView, Measure, Settings } from '@pulse/shared';
import type { Path } from '../settings-draft';
import {
  ADOPTION_WEIGHT_ON_FIRST_MAPPING,
  adoptionGroupIndex,
  adoptionProperty,
  changeAdoptionProperty,
  describeStepsRule,
  mapAdoptionProperty,
  unmapAdoptionMeasure,
  withDirection,
  withLastStepRemoved,
  withStepAdded,
  type Direction,
} from './adoption-mapping';
import {
  countedGroupWeights,
  NumberField,
  Problems,
  SelectField,
  SettingsSection,
  TextField,
  weightShare,
  type FieldApi,
  type ResetControl,
  type SelectOption,
} from './fields';
import { RuleFields } from './HealthScoreSection';

type Property = SettingsView['numericCompanyProperties'][number];

const DIRECTION_OPTIONS: SelectOption<Direction>[] = [
  { value: 'higher_is_better', label: 'Higher is better' },
  { value: 'lower_is_better', label: 'Lower is better' },
];

const optionLabel = (p: Property) => (p.label === p.name ? p.name : `${p.label} (${p.name})`);

function MeasureFields({
  field,
  base,
  measure,
  index,
  properties,
  mappedElsewhere,
  measureWeights,
}: {
  field: FieldApi;
  base: Path;
  measure: Measure;
  index: number;
  properties: Property[];
  mappedElsewhere: Set<string>;
  /** the adoption measures' weights, for this one's share */
  measureWeights: number[];
}) {
  const path: Path = [...base, 'measures', index];
  const property = adoptionProperty(measure) ?? '';
  const known = properties.find((p) => p.name === property);
  const options: SelectOption<string>[] = [
    ...(known || property === '' ? [] : [{ value: property, label: `${property} (not found in HubSpot)` }]),
    ...properties
      .filter((p) => !mappedElsewhere.has(p.name))
      .map((p) => ({ value: p.name, label: optionLabel(p) })),
  ];
  const rule = measure.rule;
  return (
    <Tile compact testId={`adoption-measure-${index}`}>
      <Flex direction="column" gap="xs">
        <Flex direction="row" gap="sm" wrap>
          <SelectField
            field={field}
            path={[...path, 'signal']}
            label="Company property"
            value={property}
            options={options}
            errorPaths={[[...path, 'key']]}
            onChange={(name) => {
              const next = properties.find((p) => p.name === name);
              if (next) field.replace((draft) => changeAdoptionProperty(draft, index, next, known?.label));
            }}
          />
          <TextField field={field} path={[...path, 'label']} label="Label" value={measure.label} />
          {rule.kind === 'steps' ? (
            <SelectField
              field={field}
              path={[...path, 'rule', 'direction']}
              label="Direction"
              value={rule.direction}
              options={DIRECTION_OPTIONS}
              onChange={(direction) => field.update([...path, 'rule'], withDirection(rule, direction))}
            />
          ) : null}
          <NumberField
            field={field}
            path={[...path, 'weight']}
            label="Weight within adoption"
            value={measure.weight}
            min={0}
            description={weightShare(measure.weight, measureWeights, 'Adoption')}
          />
        </Flex>
        <RuleFields field={field} path={[...path, 'rule']} rule={rule} />
        {rule.kind === 'steps' ? (
          <Text variant="microcopy" testId={`adoption-measure-${index}.summary`}>
            {measure.label}: {describeStepsRule(rule)}, in the property&apos;s own unit.
          </Text>
        ) : null}
        {field.isReadOnly ? null : (
          <Flex direction="row" gap="sm">
            {rule.kind === 'steps' ? (
              <>
                <Button size="xs" onClick={() => field.update([...path, 'rule'], withStepAdded(rule))}>
                  Add step
                </Button>
                <Button
                  size="xs"
                  disabled={rule.steps.length <= 1}
                  onClick={() => field.update([...path, 'rule'], withLastStepRemoved(rule))}
                >
                  Remove last step
                </Button>
              </>
            ) : null}
            <Button
              size="xs"
              variant="destructive"
              onClick={() => field.replace((draft) => unmapAdoptionMeasure(draft, index))}
              testId={`adoption-measure-${index}.remove`}
            >
              Remove mapping
            </Button>
          </Flex>
        )}
      </Flex>
    </Tile>
  );
}

/** Numeric company properties mapped as adoption measures: they score usage and fill the portfolio's usage level. */
export function AdoptionSection({
  field,
  settings,
  properties,
  reset,
}: {
  field: FieldApi;
  settings: Settings;
  properties: Property[];
  reset: ResetControl;
}) {
  const [pending, setPending] = useState('');
  const gi = adoptionGroupIndex(settings);
  const group = gi === -1 ? undefined : settings.scoring.groups[gi];
  const base: Path = ['scoring', 'groups', gi];
  const measures = group?.measures ?? [];
  const mapped = measures.map(adoptionProperty);
  const unmapped = properties.filter((p) => !mapped.includes(p.name));
  const toMap = unmapped.find((p) => p.name === pending);

  return (
    <SettingsSection
      id="adoption"
      title="Adoption"
      help="Map a numeric company property (licence utilisation, active users…) to score product usage: it feeds the health score's Adoption group and the portfolio's usage level."
      field={field}
      reset={reset}
    >
      {group && (measures.length > 0 || group.weight > 0) ? (
        <NumberField
          field={field}
          path={[...base, 'weight']}
          label="Adoption weight"
          value={group.weight}
          min={0}
          description={weightShare(
            countedGroupWeights(settings)[gi] ?? 0,
            countedGroupWeights(settings),
            'the health score',
          )}
        />
      ) : (
        <Text testId="adoption-not-mapped">
          Not mapped: adoption does not count in the health score. Mapping a property gives it a weight of{' '}
          {ADOPTION_WEIGHT_ON_FIRST_MAPPING}, which you can change.
        </Text>
      )}
      {gi === -1 ? null : <Problems field={field} paths={[[...base, 'measures']]} />}
      {measures.map((measure, mi) => (
        <MeasureFields
          key={measure.key}
          field={field}
          base={base}
          measure={measure}
          index={mi}
          properties={properties}
          mappedElsewhere={new Set(mapped.filter((name, i) => i !== mi && name !== null) as string[])}
          measureWeights={measures.map((m) => m.weight)}
        />
      ))}
      {measures.length > 0 ? (
        <Text variant="microcopy">Removing the last mapping sets the adoption weight back to 0.</Text>
      ) : null}
      {properties.length === 0 ? (
        <Text variant="microcopy" testId="adoption-no-properties">
          No numeric company properties found in HubSpot yet; they are listed here after the next sync.
        </Text>
      ) : field.isReadOnly || unmapped.length === 0 ? null : (
        <Flex direction="row" gap="sm" align="end" wrap>
          <Select
            label="Map a property"
            name="adoption.add-property"
            placeholder="Choose a numeric company property"
            value={toMap ? pending : undefined}
            options={unmapped.map((p) => ({ value: p.name, label: optionLabel(p) }))}
            onChange={(value) => setPending(String(value))}
            testId="adoption.add-property"
          />
          <Button
            disabled={toMap === undefined}
            onClick={() => {
              if (!toMap) return;
              field.replace((draft) => mapAdoptionProperty(draft, toMap));
              setPending('');
            }}
            testId="adoption.map"
          >
            Map property
          </Button>
        </Flex>
      )}
    </SettingsSection>
  );
}

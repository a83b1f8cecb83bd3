import { Accordion, Flex, Text, Tile } from '@hubspot/ui-extensions';
import type { Group, Rule, Settings } from '@pulse/shared';
import type { Path } from '../settings-draft';
import {
  countedGroupWeights,
  NumberField,
  Problems,
  SettingsSection,
  shown,
  weightShare,
  type FieldApi,
  type ResetControl,
} from './fields';

/** The thresholds of one measure's rule, with the rule's own problems (step order) under them. */
export function RuleFields({ field, path, rule }: { field: FieldApi; path: Path; rule: Rule }) {
  return (
    <Flex direction="column" gap="xs">
      <RuleInputs field={field} path={path} rule={rule} />
      <Problems field={field} paths={[path, [...path, 'steps'], [...path, 'points']]} />
    </Flex>
  );
}

function RuleInputs({ field, path, rule }: { field: FieldApi; path: Path; rule: Rule }) {
  const points = (p: Path, label: string, value: number) => (
    <NumberField field={field} path={p} label={label} value={value} min={0} max={100} unit="points" />
  );
  switch (rule.kind) {
    case 'steps':
      return (
        <Flex direction="row" gap="sm" wrap>
          {rule.direction === 'lower_is_better'
            ? rule.steps.map((step, i) => (
                <Flex direction="row" gap="xs" key={i}>
                  <NumberField
                    field={field}
                    path={[...path, 'steps', i, 'max']}
                    label="Up to"
                    value={step.max}
                  />
                  {points([...path, 'steps', i, 'points'], 'points', step.points)}
                </Flex>
              ))
            : rule.steps.map((step, i) => (
                <Flex direction="row" gap="xs" key={i}>
                  <NumberField
                    field={field}
                    path={[...path, 'steps', i, 'min']}
                    label="At least"
                    value={step.min}
                  />
                  {points([...path, 'steps', i, 'points'], 'points', step.points)}
                </Flex>
              ))}
          {points([...path, 'otherwise'], 'Otherwise, points', rule.otherwise)}
        </Flex>
      );
    case 'linear':
      return (
        <Flex direction="row" gap="sm" wrap>
          <NumberField field={field} path={[...path, 'from']} label="From value" value={rule.from} />
          {points([...path, 'fromPoints'], 'gives points', rule.fromPoints)}
          <NumberField field={field} path={[...path, 'to']} label="To value" value={rule.to} />
          {points([...path, 'toPoints'], 'gives points', rule.toPoints)}
        </Flex>
      );
    case 'category':
      return (
        <Flex direction="row" gap="sm" wrap>
          {Object.entries(rule.points).map(([category, value]) => (
            <NumberField
              key={category}
              field={field}
              path={[...path, 'points', category]}
              label={`${category.replace(/_/g, ' ')}: points`}
              value={value}
              min={0}
              max={100}
              unit="points"
            />
          ))}
        </Flex>
      );
    default: {
      const unreachable: never = rule;
      return unreachable;
    }
  }
}

function GroupFields({
  field,
  group,
  index,
  groupWeights,
}: {
  field: FieldApi;
  group: Group;
  index: number;
  /** every group's counted weight, for this group's share */
  groupWeights: number[];
}) {
  const base: Path = ['scoring', 'groups', index];
  const measureWeights = group.measures.map((m) => m.weight);
  return (
    <Tile compact>
      <NumberField
        field={field}
        path={[...base, 'weight']}
        label={`${group.label} weight`}
        value={group.weight}
        min={0}
        description={weightShare(groupWeights[index] ?? 0, groupWeights, 'the health score')}
      />
      <Problems
        field={field}
        paths={[
          [...base, 'measures'],
          [...base, 'key'],
        ]}
      />
      {group.measures.length === 0 ? (
        <Text variant="microcopy">No measures in this group.</Text>
      ) : (
        <Accordion title={`${group.label} measures and thresholds`} size="sm">
          <Flex direction="column" gap="sm">
            {group.measures.map((measure, mi) => (
              <Flex direction="column" gap="xs" key={measure.key}>
                <NumberField
                  field={field}
                  path={[...base, 'measures', mi, 'weight']}
                  label={`${measure.label} weight`}
                  value={measure.weight}
                  min={0}
                  description={weightShare(measure.weight, measureWeights, group.label)}
                />
                <Problems
                  field={field}
                  paths={[
                    [...base, 'measures', mi, 'key'],
                    [...base, 'measures', mi, 'signal'],
                  ]}
                />
                <RuleFields field={field} path={[...base, 'measures', mi, 'rule']} rule={measure.rule} />
              </Flex>
            ))}
          </Flex>
        </Accordion>
      )}
    </Tile>
  );
}

/** Group and measure weights, their thresholds, and the bands (the adoption group has its own section). */
export function HealthScoreSection({
  field,
  settings,
  reset,
}: {
  field: FieldApi;
  settings: Settings;
  reset: ResetControl;
}) {
  const { bands } = settings.scoring;
  return (
    <SettingsSection
      id="health"
      title="Health score"
      help="Overall health is the weighted mean of the groups; a group is the weighted mean of its measures. A measure without data counts as neutral and lowers the score's confidence; below the confidence floor there is no score."
      field={field}
      reset={reset}
    >
      <Problems field={field} paths={[['scoring', 'groups']]} />
      {settings.scoring.groups.map((group, gi) =>
        group.key === 'adoption' ? null : (
          <GroupFields
            key={group.key}
            field={field}
            group={group}
            index={gi}
            groupWeights={countedGroupWeights(settings)}
          />
        ),
      )}
      <Flex direction="row" gap="sm" wrap>
        <NumberField
          field={field}
          path={['scoring', 'bands', 'healthy']}
          label="Healthy from"
          value={bands.healthy}
          min={0}
          max={100}
          unit="points"
          description="Health score, 0–100"
        />
        <NumberField
          field={field}
          path={['scoring', 'bands', 'monitor']}
          label="Monitor from"
          value={bands.monitor}
          min={0}
          max={100}
          unit="points"
          description="Health score, 0–100"
        />
      </Flex>
      <Text variant="microcopy" testId="bands-summary">
        Healthy ≥ {shown(bands.healthy)} · Monitor {shown(bands.monitor)} to under {shown(bands.healthy)} · At
        risk under {shown(bands.monitor)}
      </Text>
    </SettingsSection>
  );
}

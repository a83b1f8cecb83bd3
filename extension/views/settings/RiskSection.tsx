import type { ReactNode } from 'react';
import { Flex, Text } from '@hubspot/ui-extensions';
import type { RiskRules } from '@pulse/shared';
import { NumberField, Problems, SettingsSection, shown, type FieldApi, type ResetControl } from './fields';

/** One rule: its inputs, and next to them the rule in plain words as it reads with the current values. */
function RiskRule({ id, words, children }: { id: string; words: string; children: ReactNode }) {
  return (
    <Flex direction="row" gap="sm" align="end" wrap>
      {children}
      <Text format={{ fontWeight: 'demibold' }} testId={`risk-rule-${id}`}>
        {words}
      </Text>
    </Flex>
  );
}

/** The explainable renewal-risk rules: every number, with the sentence it produces on the card. */
export function RiskSection({
  field,
  risk,
  reset,
}: {
  field: FieldApi;
  risk: RiskRules;
  reset: ResetControl;
}) {
  const num = (key: keyof Omit<RiskRules, 'levels'>, label: string, kind: 'days' | 'points') => (
    <NumberField
      field={field}
      path={['risk', key]}
      label={label}
      value={risk[key]}
      min={kind === 'days' ? 1 : 0}
      max={kind === 'points' ? 100 : undefined}
      unit={kind === 'days' ? 'days' : 'risk points'}
    />
  );
  const plus = (points: number) => `+${shown(points)}`;
  return (
    <SettingsSection
      id="risk"
      title="Renewal risk"
      help="Risk points = health factor × (100 − health score) plus the rules below, clamped to 0–100. Every point added is listed on the card as a reason. Companies without an upcoming or overdue renewal show “No renewal”."
      field={field}
      reset={reset}
    >
      <RiskRule
        id="health"
        words={`${shown(risk.healthFactor)} × (100 − health score): a health score of 40 adds ${shown(risk.healthFactor * 60, 1)}`}
      >
        <NumberField
          field={field}
          path={['risk', 'healthFactor']}
          label="Health factor"
          value={risk.healthFactor}
          min={0}
          max={1}
          description="Between 0 and 1."
        />
      </RiskRule>
      <RiskRule
        id="detractor"
        words={`Detractor response in the last ${shown(risk.detractorDays)} days: ${plus(risk.detractorPoints)}`}
      >
        {num('detractorDays', 'Days', 'days')}
        {num('detractorPoints', 'Points', 'points')}
      </RiskRule>
      <RiskRule id="urgent" words={`Open URGENT ticket: ${plus(risk.openUrgentPoints)}`}>
        {num('openUrgentPoints', 'Points', 'points')}
      </RiskRule>
      <RiskRule
        id="no-contact"
        words={`No contact for ${shown(risk.noContactDays)}+ days: ${plus(risk.noContactPoints)}`}
      >
        {num('noContactDays', 'Days', 'days')}
        {num('noContactPoints', 'Points', 'points')}
      </RiskRule>
      <RiskRule id="contraction" words={`Contraction at the last renewal: ${plus(risk.contractionPoints)}`}>
        {num('contractionPoints', 'Points', 'points')}
      </RiskRule>
      <RiskRule
        id="stale"
        words={`Open renewal due within ${shown(risk.staleRenewalDueDays)} days whose stage has not changed for ${shown(risk.staleRenewalStageDays)}+ days: ${plus(risk.staleRenewalPoints)}`}
      >
        {num('staleRenewalDueDays', 'Due within (days)', 'days')}
        {num('staleRenewalStageDays', 'Stage unchanged for (days)', 'days')}
        {num('staleRenewalPoints', 'Points', 'points')}
      </RiskRule>
      <RiskRule id="overdue" words={`Overdue renewal: ${plus(risk.overduePoints)}`}>
        {num('overduePoints', 'Points', 'points')}
      </RiskRule>
      <RiskLevelsRule field={field} levels={risk.levels} />
      <Problems field={field} paths={[['risk'], ['risk', 'levels']]} />
    </SettingsSection>
  );
}

/** The points at which renewal risk turns Medium, High and Critical. */
function RiskLevelsRule({ field, levels }: { field: FieldApi; levels: RiskRules['levels'] }) {
  return (
    <RiskRule
      id="levels"
      words={`Low under ${shown(levels.medium)} · Medium ${shown(levels.medium)}+ · High ${shown(levels.high)}+ · Critical ${shown(levels.critical)}+`}
    >
      <NumberField
        field={field}
        path={['risk', 'levels', 'medium']}
        label="Medium from"
        value={levels.medium}
        min={0}
        max={100}
        unit="risk points"
      />
      <NumberField
        field={field}
        path={['risk', 'levels', 'high']}
        label="High from"
        value={levels.high}
        min={0}
        max={100}
        unit="risk points"
      />
      <NumberField
        field={field}
        path={['risk', 'levels', 'critical']}
        label="Critical from"
        value={levels.critical}
        min={0}
        max={100}
        unit="risk points"
      />
    </RiskRule>
  );
}

import { useState, type ReactNode } from 'react';
import { Button, Flex, Heading, Input, NumberInput, Select, Text, Tile } from '@hubspot/ui-extensions';
import type { Settings, SettingsError } from '@pulse/shared';
import { pathKey, type Path } from '../settings-draft';

/** Shared by every field: read the draft's problems, write a value back, or rewrite the whole draft. */
export type FieldApi = {
  isReadOnly: boolean;
  /** client-side (parseSettings) and server-side (`fields`) problems, each with its settings path */
  errors: SettingsError[];
  errorFor: (path: Path) => string | undefined;
  update: (path: Path, value: unknown) => void;
  /** a change that touches several fields at once (mapping a property, a reset) */
  replace: (change: (draft: Settings) => Settings) => void;
};

/** A number inside a sentence; a cleared field reads as "…" rather than "NaN". */
export function shown(value: number, digits = 2): string {
  return Number.isFinite(value) ? String(Number(value.toFixed(digits))) : '…';
}

/** Percent fields hold shares (0.8) in settings and show percents (80). */
function scaled(value: number, scale: number): number | undefined {
  if (!Number.isFinite(value)) return undefined;
  return Math.round(value * scale * 1e6) / 1e6;
}

/** "25% of the health score": a weight as its share of the weights it is weighed against. */
export function weightShare(weight: number, weights: number[], of: string): string {
  const total = weights.reduce((sum, w) => sum + (Number.isFinite(w) && w > 0 ? w : 0), 0);
  if (!Number.isFinite(weight) || weight <= 0 || total <= 0) return `0% of ${of}: not counted`;
  return `${shown((weight / total) * 100, 1)}% of ${of}`;
}

/** The weights of the groups that count towards the score (a weight above 0 and a weighted measure). */
export function countedGroupWeights(settings: Settings): number[] {
  return settings.scoring.groups.map((g) => (g.measures.some((m) => m.weight > 0) ? g.weight : 0));
}

/**
 * What is wrong with a number in a field with these bounds, in the field's own units ("Enter a number",
 * "Must be 100 or less"); undefined when it is fine. Out-of-range values are refused, never clamped.
 */
export function numberProblem(
  value: number | undefined,
  bounds: { min?: number | undefined; max?: number | undefined; unit?: string | undefined },
): string | undefined {
  if (value === undefined || !Number.isFinite(value)) return 'Enter a number';
  const unit = bounds.unit === undefined ? '' : bounds.unit === '%' ? '%' : ` ${bounds.unit}`;
  const { min, max } = bounds;
  const range = min !== undefined && max !== undefined ? `Enter ${min} to ${max}${unit}` : undefined;
  if (min !== undefined && value < min) return range ?? `Must be ${min}${unit} or more`;
  if (max !== undefined && value > max) return range ?? `Must be ${max}${unit} or less`;
  return undefined;
}

export function NumberField({
  field,
  path,
  label,
  value,
  min,
  max,
  description,
  unit,
  scale = 1,
}: {
  field: FieldApi;
  path: Path;
  label: string;
  value: number;
  /** bounds in the units shown (a percent field: 0 and 100); checked here, never clamped by the input */
  min?: number;
  max?: number;
  description?: string;
  /** what the number counts ("points", "days", "%"), used in the field's messages */
  unit?: string;
  /** 100 for a share shown as a percent */
  scale?: number;
}) {
  const displayed = scaled(value, scale);
  const message = numberProblem(displayed, { min, max, unit }) ?? field.errorFor(path);
  return (
    <NumberInput
      label={label}
      name={pathKey(path)}
      value={displayed}
      description={description}
      readOnly={field.isReadOnly}
      error={message !== undefined}
      validationMessage={message}
      onChange={(next) => field.update(path, typeof next === 'number' ? next / scale : Number.NaN)}
      testId={pathKey(path)}
    />
  );
}

export function TextField({
  field,
  path,
  label,
  value,
  description,
}: {
  field: FieldApi;
  path: Path;
  label: string;
  value: string;
  description?: string;
}) {
  const message = field.errorFor(path);
  return (
    <Input
      label={label}
      name={pathKey(path)}
      value={value}
      description={description}
      readOnly={field.isReadOnly}
      error={message !== undefined}
      validationMessage={message}
      onChange={(next) => field.update(path, next)}
      testId={pathKey(path)}
    />
  );
}

const parseList = (text: string) =>
  text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');

/**
 * A list of strings typed as "a, b". The text is kept locally so a trailing comma survives typing; it is
 * re-read from the draft only when the draft changes from elsewhere (discard, reset).
 */
export function ListField({
  field,
  path,
  label,
  value,
  description,
}: {
  field: FieldApi;
  path: Path;
  label: string;
  value: string[];
  description?: string;
}) {
  const [text, setText] = useState(value.join(', '));
  const valueKey = JSON.stringify(value);
  const [seenKey, setSeenKey] = useState(valueKey);
  // Adjusted while rendering, not in an effect: the field never shows a stale list for one frame.
  if (seenKey !== valueKey) {
    setSeenKey(valueKey);
    if (JSON.stringify(parseList(text)) !== valueKey) setText(value.join(', '));
  }
  const message = field.errorFor(path);
  return (
    <Input
      label={label}
      name={pathKey(path)}
      value={text}
      description={description}
      readOnly={field.isReadOnly}
      error={message !== undefined}
      validationMessage={message}
      onChange={(next) => {
        setText(next);
        field.update(path, parseList(next));
      }}
      testId={pathKey(path)}
    />
  );
}

export type SelectOption<T extends string | boolean> = { value: T; label: string };

export function SelectField<T extends string | boolean>({
  field,
  path,
  label,
  value,
  options,
  description,
  errorPaths = [],
  onChange,
}: {
  field: FieldApi;
  path: Path;
  label: string;
  value: T;
  options: SelectOption<T>[];
  description?: string;
  /** other paths whose problems belong next to this field (a measure's key next to its property) */
  errorPaths?: Path[];
  /** default: write the chosen value at `path` */
  onChange?: (value: T) => void;
}) {
  const message = [path, ...errorPaths].map(field.errorFor).find((m) => m !== undefined);
  return (
    <Select
      label={label}
      name={pathKey(path)}
      value={value}
      options={options}
      description={description}
      readOnly={field.isReadOnly}
      error={message !== undefined}
      validationMessage={message}
      onChange={(next) => {
        const option = options.find((o) => o.value === next);
        if (option === undefined) return;
        if (onChange) onChange(option.value);
        else field.update(path, option.value);
      }}
      testId={pathKey(path)}
    />
  );
}

/**
 * Problems that belong to no single input (the order of a rule's steps, a group without measures, the
 * range of the risk levels), shown where they apply. Exact path matches only.
 */
export function Problems({ field, paths }: { field: FieldApi; paths: Path[] }) {
  const keys = new Set(paths.map(pathKey));
  const problems = field.errors.filter((e) => keys.has(e.path));
  if (problems.length === 0) return null;
  return (
    <>
      {problems.map((problem) => (
        <Text key={problem.path + problem.message} testId={`${problem.path}.problem`}>
          ⚠ {problem.message}
        </Text>
      ))}
    </>
  );
}

export type ResetControl = { onReset: () => void; isAtDefaults: boolean };

/** A titled block of the settings page with one line of help and its own "Reset to defaults". */
export function SettingsSection({
  id,
  title,
  help,
  field,
  reset,
  children,
}: {
  id: string;
  title: string;
  help: ReactNode;
  field: FieldApi;
  reset?: ResetControl;
  children: ReactNode;
}) {
  return (
    <Tile testId={`section-${id}`}>
      <Flex direction="column" gap="sm">
        <Flex direction="row" justify="between" align="center" gap="sm">
          <Heading>{title}</Heading>
          {reset && !field.isReadOnly ? (
            <Button
              variant="transparent"
              size="sm"
              onClick={reset.onReset}
              disabled={reset.isAtDefaults}
              testId={`reset-${id}`}
            >
              Reset to defaults
            </Button>
          ) : null}
        </Flex>
        <Text variant="microcopy">{help}</Text>
        {children}
      </Flex>
    </Tile>
  );
}

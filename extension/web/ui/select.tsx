import type { SelectProps } from '@hubspot/ui-extensions';
import { useId, useState } from 'react';
import { classNames } from './base';
import { Field } from './field';
import './select.css';

/** Option values may be numbers or booleans; the DOM only knows strings, so options are addressed by index. */
export function optionValueAt(
  options: SelectProps['options'],
  index: string,
): SelectProps['options'][number]['value'] | undefined {
  return options[Number(index)]?.value;
}

export function Select({
  label,
  name,
  value,
  required,
  readOnly,
  description,
  tooltip,
  placeholder,
  error,
  validationMessage,
  variant = 'input',
  onChange,
  options,
  testId,
}: SelectProps) {
  const id = useId();
  const [uncontrolled, setUncontrolled] = useState<SelectProps['value']>(undefined);
  const current = value ?? uncontrolled;
  const selectedIndex = options.findIndex((o) => o.value === current);
  return (
    <Field
      id={id}
      label={label}
      required={required}
      description={description}
      tooltip={tooltip}
      error={error}
      validationMessage={validationMessage}
      testId={testId}
    >
      <select
        id={id}
        className={classNames('hs-input', 'hs-select', variant === 'transparent' && 'hs-select--transparent')}
        name={name}
        value={selectedIndex === -1 ? '' : String(selectedIndex)}
        disabled={readOnly}
        aria-invalid={error || undefined}
        onChange={(e) => {
          const next = optionValueAt(options, e.target.value);
          if (next === undefined) return;
          setUncontrolled(next);
          onChange?.(next);
        }}
      >
        {selectedIndex === -1 && (
          <option value="" disabled>
            {placeholder ?? 'Select an option'}
          </option>
        )}
        {options.map((option, index) => (
          <option key={index} value={String(index)} data-hs-value={JSON.stringify(option.value)}>
            {option.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

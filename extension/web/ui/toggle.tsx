import type { ToggleProps } from '@hubspot/ui-extensions';
import { useId, useState } from 'react';
import { classNames, sizeKey, testIdProps } from './base';
import './toggle.css';

export function Toggle({
  checked,
  readonly,
  readOnly,
  name,
  size = 'md',
  onChange,
  initialIsChecked = false,
  label,
  labelDisplay = 'inline',
  textChecked = 'On',
  textUnchecked = 'Off',
  testId,
}: ToggleProps) {
  const [uncontrolled, setUncontrolled] = useState(initialIsChecked);
  const isOn = checked ?? uncontrolled;
  const locked = readOnly ?? readonly ?? false;
  const id = useId();
  return (
    <div
      className={classNames(
        'hs-toggle',
        `hs-toggle--label-${labelDisplay}`,
        `hs-toggle--${sizeKey(size === 'default' ? 'md' : size, 'md')}`,
      )}
      {...testIdProps(testId)}
    >
      {labelDisplay !== 'hidden' && (
        <label className="hs-toggle__label" htmlFor={id}>
          {label}
        </label>
      )}
      <button
        id={id}
        type="button"
        role="switch"
        name={name}
        aria-checked={isOn}
        aria-label={labelDisplay === 'hidden' ? label : undefined}
        disabled={locked}
        className={classNames('hs-toggle__switch', isOn && 'is-on')}
        onClick={() => {
          setUncontrolled(!isOn);
          onChange?.(!isOn);
        }}
      >
        <span className="hs-toggle__knob" />
      </button>
      <span className="hs-toggle__state">{isOn ? textChecked : textUnchecked}</span>
    </div>
  );
}

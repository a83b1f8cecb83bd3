import type {
  ButtonProps,
  ButtonRowProps,
  CheckboxProps,
  FormInputValues,
  FormProps,
  InputProps,
  LoadingButtonProps,
  NumberInputProps,
  SearchInputProps,
  SelectProps,
  TextAreaProps,
  ToggleProps,
} from '@hubspot/ui-extensions';
import { useId, useState, type FormEvent, type KeyboardEvent, type MouseEvent, type ReactNode } from 'react';
import { classNames, sizeKey, testIdProps, toExtensionEvent, useOverlays } from './events';
import { resolveHref, WithOverlay } from './text';

type FieldProps = {
  id: string;
  label?: string;
  labelHidden?: boolean;
  required?: boolean;
  description?: string;
  tooltip?: string;
  error?: boolean;
  validationMessage?: string;
  testId?: string;
  children: ReactNode;
};

/** Label, description and validation message around an input, laid out like HubSpot's form fields. */
function Field({
  id,
  label,
  required,
  description,
  tooltip,
  error,
  validationMessage,
  testId,
  children,
}: FieldProps) {
  return (
    <div className={classNames('hs-field', error && 'hs-field--error')} {...testIdProps(testId)}>
      {label && (
        <label className="hs-field__label" htmlFor={id}>
          {label}
          {required && <span className="hs-field__required"> *</span>}
          {tooltip && (
            <span className="hs-field__hint" title={tooltip} aria-label={tooltip}>
              ?
            </span>
          )}
        </label>
      )}
      {description && <div className="hs-field__description">{description}</div>}
      {children}
      {validationMessage && (
        <div
          className={classNames(
            'hs-field__message',
            error ? 'hs-field__message--error' : 'hs-field__message--success',
          )}
          role={error ? 'alert' : undefined}
        >
          {validationMessage}
        </div>
      )}
    </div>
  );
}

export function Button({
  onClick,
  href,
  disabled = false,
  variant = 'secondary',
  type = 'button',
  children,
  size,
  overlay,
  testId,
}: ButtonProps) {
  const { reactions } = useOverlays();
  const handleClick = (event: MouseEvent<HTMLButtonElement>) => {
    void onClick?.(toExtensionEvent(event), reactions);
    if (href) {
      const target = resolveHref(href, window.location.origin);
      if (target.external) window.open(target.url, '_blank', 'noopener');
      else window.location.assign(target.url);
    }
  };
  return (
    <WithOverlay overlay={overlay}>
      <button
        type={type}
        className={classNames('hs-button', `hs-button--${variant}`, `hs-button--${sizeKey(size, 'md')}`)}
        disabled={disabled}
        onClick={handleClick}
        {...testIdProps(testId)}
      >
        {children}
      </button>
    </WithOverlay>
  );
}

export function LoadingButton({ loading = false, disabled, children, ...rest }: LoadingButtonProps) {
  return (
    <Button {...rest} disabled={disabled || loading}>
      {loading && <span className="hs-spinner hs-spinner--xs" aria-hidden="true" />}
      {children}
    </Button>
  );
}

export function ButtonRow({ children, testId }: ButtonRowProps) {
  return (
    <div className="hs-button-row" {...testIdProps(testId)}>
      {children}
    </div>
  );
}

/** Reads named fields back with the types the views gave them (numbers stay numbers, option values keep their type). */
export function collectFormValues(form: HTMLFormElement): FormInputValues {
  const values: FormInputValues = {};
  for (const element of Array.from(form.elements)) {
    if (!(
      element instanceof HTMLInputElement ||
      element instanceof HTMLSelectElement ||
      element instanceof HTMLTextAreaElement
    ))
      continue;
    if (!element.name) continue;
    if (element instanceof HTMLSelectElement) {
      const chosen = element.selectedOptions[0]?.dataset.hsValue;
      if (chosen !== undefined) values[element.name] = JSON.parse(chosen) as string | number;
    } else if (element.dataset.hsNumber !== undefined) {
      const parsed = parseNumberInput(element.value, {});
      if (parsed.ok && parsed.value !== undefined) values[element.name] = parsed.value;
    } else if (
      element instanceof HTMLInputElement &&
      (element.type === 'checkbox' || element.type === 'radio')
    ) {
      if (element.checked) values[element.name] = element.value;
    } else {
      values[element.name] = element.value;
    }
  }
  return values;
}

export function Form({ children, onSubmit, autoComplete = 'on', testId }: FormProps) {
  const { reactions } = useOverlays();
  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const values = collectFormValues(event.currentTarget);
    void onSubmit?.({ ...toExtensionEvent(event), targetValue: values }, reactions);
  };
  return (
    <form
      className="hs-form"
      onSubmit={handleSubmit}
      autoComplete={autoComplete}
      noValidate
      {...testIdProps(testId)}
    >
      {children}
    </form>
  );
}

/**
 * HubSpot inputs report every keystroke through `onInput` but commit through `onChange` only on blur
 * (or Enter); a draft keeps the typed text while the field has focus.
 */
function useDraft<T>(
  value: T | undefined,
  defaultValue: T | undefined,
  toText: (v: T | undefined) => string,
) {
  const [draft, setDraft] = useState<string | null>(null);
  const [uncontrolled, setUncontrolled] = useState(() => toText(defaultValue));
  const committed = value === undefined ? uncontrolled : toText(value);
  /** End the draft; an uncontrolled field keeps what was committed, a controlled one shows its new `value`. */
  const commitText = (text: string) => {
    setUncontrolled(text);
    setDraft(null);
  };
  return { text: draft ?? committed, setDraft, commitText };
}

const textOf = (v: string | undefined) => v ?? '';

export function Input({
  label,
  name,
  value,
  defaultValue,
  required,
  readOnly,
  description,
  tooltip,
  placeholder,
  error,
  validationMessage,
  onChange,
  onInput,
  onBlur,
  onFocus,
  type = 'text',
  testId,
}: InputProps) {
  const id = useId();
  const { text, setDraft, commitText } = useDraft(value, defaultValue, textOf);
  const commit = (next: string) => {
    commitText(next);
    onChange?.(next);
  };
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
      <input
        id={id}
        className="hs-input"
        name={name}
        type={type}
        value={text}
        placeholder={placeholder}
        readOnly={readOnly}
        aria-invalid={error || undefined}
        onChange={(e) => {
          setDraft(e.target.value);
          onInput?.(e.target.value);
        }}
        onFocus={(e) => onFocus?.(e.target.value)}
        onBlur={(e) => {
          commit(e.target.value);
          onBlur?.(e.target.value);
        }}
        onKeyDown={(e: KeyboardEvent<HTMLInputElement>) => {
          if (e.key === 'Enter') commit(e.currentTarget.value);
        }}
      />
    </Field>
  );
}

export function SearchInput({ clearable = false, ...props }: SearchInputProps) {
  return (
    <div className="hs-search">
      <Input {...props} />
      {clearable && props.value && (
        <button
          type="button"
          className="hs-search__clear"
          aria-label="Clear"
          onClick={() => props.onChange?.('')}
        >
          ×
        </button>
      )}
    </div>
  );
}

export function TextArea({
  label,
  name,
  value,
  defaultValue,
  required,
  readOnly,
  description,
  tooltip,
  placeholder,
  error,
  validationMessage,
  onChange,
  onInput,
  onBlur,
  onFocus,
  cols,
  rows,
  maxLength,
  resize = 'both',
  testId,
}: TextAreaProps) {
  const id = useId();
  const { text, setDraft, commitText } = useDraft(value, defaultValue, textOf);
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
      <textarea
        id={id}
        className="hs-input hs-textarea"
        name={name}
        value={text}
        placeholder={placeholder}
        readOnly={readOnly}
        cols={cols}
        rows={rows}
        maxLength={maxLength}
        style={{ resize }}
        aria-invalid={error || undefined}
        onChange={(e) => {
          setDraft(e.target.value);
          onInput?.(e.target.value);
        }}
        onFocus={(e) => onFocus?.(e.target.value)}
        onBlur={(e) => {
          commitText(e.target.value);
          onChange?.(e.target.value);
          onBlur?.(e.target.value);
        }}
      />
    </Field>
  );
}
export const Textarea = TextArea;

export type ParsedNumber = { ok: true; value: number | undefined } | { ok: false; reason: string };

/**
 * Parses what a user typed into a NumberInput: blank is "no value", thousands separators are allowed,
 * the result is rounded to `precision` and clamped into [min, max].
 */
export function parseNumberInput(
  text: string,
  options: { min?: number; max?: number; precision?: number },
): ParsedNumber {
  const cleaned = text.trim().replace(/[,\s]/g, '').replace(/%$/, '');
  if (cleaned === '') return { ok: true, value: undefined };
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(cleaned))
    return { ok: false, reason: `"${text.trim()}" is not a number` };
  let value = Number(cleaned);
  if (!Number.isFinite(value)) return { ok: false, reason: `"${text.trim()}" is not a number` };
  if (options.precision !== undefined) {
    const factor = 10 ** options.precision;
    value = Math.round(value * factor) / factor;
  }
  if (options.min !== undefined) value = Math.max(options.min, value);
  if (options.max !== undefined) value = Math.min(options.max, value);
  return { ok: true, value: Object.is(value, -0) ? 0 : value };
}

const numberText = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? '' : String(v));

export function NumberInput({
  label,
  name,
  value,
  defaultValue,
  required,
  readOnly,
  description,
  tooltip,
  placeholder,
  error,
  validationMessage,
  onChange,
  onInput,
  onBlur,
  onFocus,
  min,
  max,
  precision,
  formatStyle = 'decimal',
  textAlign = 'left',
  testId,
}: NumberInputProps) {
  const id = useId();
  const { text, setDraft, commitText } = useDraft(value, defaultValue, numberText);
  const [parseError, setParseError] = useState<string | null>(null);
  const options = { min, max, precision };
  const commit = (raw: string) => {
    const parsed = parseNumberInput(raw, options);
    if (!parsed.ok) {
      setParseError(parsed.reason);
      return;
    }
    setParseError(null);
    commitText(numberText(parsed.value));
    if (parsed.value !== undefined) onChange?.(parsed.value);
  };
  const shownError = error || parseError !== null;
  return (
    <Field
      id={id}
      label={label}
      required={required}
      description={description}
      tooltip={tooltip}
      error={shownError}
      validationMessage={parseError ?? validationMessage}
      testId={testId}
    >
      <div className="hs-number">
        <input
          id={id}
          className="hs-input"
          name={name}
          inputMode="decimal"
          data-hs-number=""
          value={text}
          placeholder={placeholder}
          readOnly={readOnly}
          style={{ textAlign }}
          aria-invalid={shownError || undefined}
          onChange={(e) => {
            setDraft(e.target.value);
            const parsed = parseNumberInput(e.target.value, {});
            if (parsed.ok && parsed.value !== undefined) onInput?.(parsed.value);
          }}
          onFocus={() => value !== undefined && onFocus?.(value)}
          onBlur={(e) => {
            commit(e.target.value);
            const parsed = parseNumberInput(e.target.value, options);
            if (parsed.ok && parsed.value !== undefined) onBlur?.(parsed.value);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') commit(e.currentTarget.value);
          }}
        />
        {formatStyle === 'percentage' && <span className="hs-number__suffix">%</span>}
      </div>
    </Field>
  );
}

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

export function Checkbox({
  value,
  checked,
  readonly,
  readOnly,
  description,
  name,
  onChange,
  children,
  inline,
  initialIsChecked = false,
  'aria-label': ariaLabel,
  testId,
}: CheckboxProps) {
  const [uncontrolled, setUncontrolled] = useState(initialIsChecked);
  const isOn = checked ?? uncontrolled;
  return (
    <label className={classNames('hs-checkbox', inline && 'hs-checkbox--inline')} {...testIdProps(testId)}>
      <input
        type="checkbox"
        name={name}
        value={value}
        checked={isOn}
        disabled={readOnly ?? readonly}
        aria-label={ariaLabel}
        onChange={(e) => {
          setUncontrolled(e.target.checked);
          onChange?.(e.target.checked, value ?? '');
        }}
      />
      <span>
        {children}
        {description && <span className="hs-field__description">{description}</span>}
      </span>
    </label>
  );
}

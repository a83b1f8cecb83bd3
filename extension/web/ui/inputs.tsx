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
import { useId, useState, type FormEvent, type MouseEvent, type ReactNode } from 'react';
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

/** The label/description/validation chrome every text-like input hands to Field. */
type FieldChrome = Omit<FieldProps, 'id' | 'children'>;

const chromeOf = ({
  label,
  required,
  description,
  tooltip,
  error,
  validationMessage,
  testId,
}: FieldChrome): FieldChrome => ({ label, required, description, tooltip, error, validationMessage, testId });

type DraftEvents = {
  /** Takes the text being committed and returns the text the field keeps, or null to keep the draft (invalid). */
  commit: (text: string) => string | null;
  onInput?: (text: string) => void;
  onFocus?: (text: string) => void;
  onBlur?: (text: string) => void;
  /** Multi-line fields need Enter for new lines. */
  enterCommits: boolean;
};

/**
 * HubSpot inputs report every keystroke through `onInput` but commit through `onChange` only on blur
 * (or Enter); a draft keeps the typed text while the field has focus. Returns the element's value and events.
 */
function useDraft<T>(
  value: T | undefined,
  defaultValue: T | undefined,
  toText: (v: T | undefined) => string,
  { commit, onInput, onFocus, onBlur, enterCommits }: DraftEvents,
) {
  const [draft, setDraft] = useState<string | null>(null);
  const [uncontrolled, setUncontrolled] = useState(() => toText(defaultValue));
  const committed = value === undefined ? uncontrolled : toText(value);
  /** An uncontrolled field keeps what was committed, a controlled one shows its new `value`. */
  const commitDraft = (text: string) => {
    const kept = commit(text);
    if (kept === null) return;
    setUncontrolled(kept);
    setDraft(null);
  };
  return {
    value: draft ?? committed,
    onChange: (e: { target: { value: string } }) => {
      setDraft(e.target.value);
      onInput?.(e.target.value);
    },
    onFocus: (e: { target: { value: string } }) => onFocus?.(e.target.value),
    onBlur: (e: { target: { value: string } }) => {
      commitDraft(e.target.value);
      onBlur?.(e.target.value);
    },
    onKeyDown: (e: { key: string; currentTarget: { value: string } }) => {
      if (enterCommits && e.key === 'Enter') commitDraft(e.currentTarget.value);
    },
  };
}

const textOf = (v: string | undefined) => v ?? '';

/** Input and TextArea commit exactly the text typed. */
const useTextDraft = (props: InputProps | TextAreaProps, { enterCommits }: { enterCommits: boolean }) =>
  useDraft(props.value, props.defaultValue, textOf, {
    commit: (text) => {
      props.onChange?.(text);
      return text;
    },
    onInput: props.onInput,
    onFocus: props.onFocus,
    onBlur: props.onBlur,
    enterCommits,
  });

export function Input(props: InputProps) {
  const { name, readOnly, placeholder, error, type = 'text' } = props;
  const id = useId();
  const draft = useTextDraft(props, { enterCommits: true });
  return (
    <Field id={id} {...chromeOf(props)}>
      <input
        id={id}
        className="hs-input"
        name={name}
        type={type}
        placeholder={placeholder}
        readOnly={readOnly}
        aria-invalid={error || undefined}
        {...draft}
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

export function TextArea(props: TextAreaProps) {
  const { name, readOnly, placeholder, error, cols, rows, maxLength } = props;
  const id = useId();
  const draft = useTextDraft(props, { enterCommits: false });
  return (
    <Field id={id} {...chromeOf(props)}>
      <textarea
        id={id}
        className="hs-input hs-textarea"
        name={name}
        placeholder={placeholder}
        readOnly={readOnly}
        cols={cols}
        rows={rows}
        maxLength={maxLength}
        style={{ resize: props.resize ?? 'both' }}
        aria-invalid={error || undefined}
        {...draft}
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

export function NumberInput(props: NumberInputProps) {
  const { name, value, defaultValue, readOnly, placeholder, error, validationMessage, onChange } = props;
  const { min, max, precision, formatStyle = 'decimal', textAlign = 'left' } = props;
  const id = useId();
  const [parseError, setParseError] = useState<string | null>(null);
  const options = { min, max, precision };
  const draft = useDraft(value, defaultValue, numberText, {
    commit: (text) => {
      const parsed = parseNumberInput(text, options);
      if (!parsed.ok) {
        setParseError(parsed.reason);
        return null;
      }
      setParseError(null);
      // HubSpot reports a cleared number input as undefined, though its typings only admit numbers.
      onChange?.(parsed.value as number);
      return numberText(parsed.value);
    },
    onInput: (text) => {
      const parsed = parseNumberInput(text, {});
      if (parsed.ok && parsed.value !== undefined) props.onInput?.(parsed.value);
    },
    onFocus: () => value !== undefined && props.onFocus?.(value),
    onBlur: (text) => {
      const parsed = parseNumberInput(text, options);
      if (parsed.ok && parsed.value !== undefined) props.onBlur?.(parsed.value);
    },
    enterCommits: true,
  });
  const shownError = error || parseError !== null;
  return (
    <Field
      id={id}
      {...chromeOf(props)}
      error={shownError}
      validationMessage={parseError ?? validationMessage}
    >
      <div className="hs-number">
        <input
          id={id}
          className="hs-input"
          name={name}
          inputMode="decimal"
          data-hs-number=""
          placeholder={placeholder}
          readOnly={readOnly}
          style={{ textAlign }}
          aria-invalid={shownError || undefined}
          {...draft}
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

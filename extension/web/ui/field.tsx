import { useState, type ReactNode } from 'react';
import { classNames, testIdProps } from './base';
import './field.css';

export type FieldProps = {
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
export function Field({
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

/** The label/description/validation chrome every text-like input hands to Field. */
export type FieldChrome = Omit<FieldProps, 'id' | 'children'>;

export const chromeOf = ({
  label,
  required,
  description,
  tooltip,
  error,
  validationMessage,
  testId,
}: FieldChrome): FieldChrome => ({ label, required, description, tooltip, error, validationMessage, testId });

export type DraftEvents = {
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
export function useDraft<T>(
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
